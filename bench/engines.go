package bench

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// An Engine decides the first category of a request.
type Engine interface {
	Name() string
	Decide(ctx context.Context, r *disclosure.Request) (Outcome, error)
}

// store returns the same consents for every patient without copying, as a
// database-backed store with a per-request cache would.
type store struct {
	consent.Store
	cs []consent.Consent
}

func (s store) ForPatient(context.Context, string) ([]consent.Consent, error) { return s.cs, nil }

// nopSink keeps nothing but is a real sink: the engine builds every event.
type nopSink struct{}

func (nopSink) Emit(context.Context, audit.Event) error { return nil }

// Custodian is the library's engine with the consents on file and a sink
// that keeps nothing.
type Custodian struct{ e *disclosure.Engine }

// NewCustodian compiles the policy into a Custodian engine.
func NewCustodian(opts ...disclosure.Option) (*Custodian, error) {
	p, err := disclosure.ParsePolicy(PolicyYAML)
	if err != nil {
		return nil, err
	}
	opts = append([]disclosure.Option{disclosure.WithConsents(store{cs: Consents()}), disclosure.WithAudit(nopSink{})}, opts...)
	e, err := disclosure.New(p, opts...)
	if err != nil {
		return nil, err
	}
	return &Custodian{e: e}, nil
}

// Name returns "custodian".
func (*Custodian) Name() string { return "custodian" }

// Decide decides r.
func (c *Custodian) Decide(ctx context.Context, r *disclosure.Request) (Outcome, error) {
	d, err := c.e.Decide(ctx, *r)
	if err != nil {
		return Outcome{}, err
	}
	o := d.Outcomes[0]
	return Outcome{Permit: o.Effect == consent.Permit, Rule: o.Rule}, nil
}

// consentPermits is the consent evaluation every engine but Custodian's
// does itself, as its host would.
func consentPermits(cs []consent.Consent, r *disclosure.Request) bool {
	return consent.EvaluateAll(cs, consent.Query{
		Recipient: r.Recipient.ID, Purpose: r.Purpose, Category: r.Categories[0], At: At, Protected: Protected,
	}).Permits()
}

// purposes returns the purpose and its ancestors in the HL7 hierarchy.
func purposes(p consent.Purpose) []string {
	var out []string
	for q := p; q != ""; q = q.Parent() {
		out = append(out, string(q))
	}
	return out
}

// ruleIDs lists the policy's rule IDs in file order.
func ruleIDs() ([]string, error) {
	var ids []string
	for line := range strings.SplitSeq(string(PolicyYAML), "\n") {
		if _, rest, ok := strings.Cut(line, "{id: "); ok {
			id, _, _ := strings.Cut(rest, ",")
			ids = append(ids, id)
		}
	}
	if len(ids) != 20 {
		return nil, fmt.Errorf("bench: want 20 rules, found %d", len(ids))
	}
	return ids, nil
}

var errNoResult = errors.New("bench: no result")
