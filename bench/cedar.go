package bench

import (
	"context"
	"fmt"

	"github.com/cedar-policy/cedar-go"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// Cedar is cedar-go on the Cedar form of the policy. Forbid overrides
// permit natively; the deciding rule is the first of the policies the
// diagnostic names, in file order.
type Cedar struct {
	ps       *cedar.PolicySet
	ids      []string
	consents []consent.Consent
}

// NewCedar parses the Cedar policy.
func NewCedar() (*Cedar, error) {
	ps, err := cedar.NewPolicySetFromBytes("policy.cedar", CedarPolicy)
	if err != nil {
		return nil, err
	}
	ids, err := ruleIDs()
	if err != nil {
		return nil, err
	}
	return &Cedar{ps: ps, ids: ids, consents: Consents()}, nil
}

// Name returns "cedar-go".
func (*Cedar) Name() string { return "cedar-go" }

var (
	principal = cedar.NewEntityUID("Workforce", "clerk")
	action    = cedar.NewEntityUID("Action", "disclose")
	resource  = cedar.NewEntityUID("Record", "p1")
)

// Decide decides r's first category.
func (c *Cedar) Decide(_ context.Context, r *disclosure.Request) (Outcome, error) {
	ps := purposes(r.Purpose)
	pv := make([]cedar.Value, len(ps))
	for i, p := range ps {
		pv[i] = cedar.String(p)
	}
	attrs := make(cedar.RecordMap, len(r.Attributes))
	for k, v := range r.Attributes {
		if b, ok := v.(bool); ok {
			attrs[cedar.String(k)] = cedar.Boolean(b)
		}
	}
	req := cedar.Request{Principal: principal, Action: action, Resource: resource, Context: cedar.NewRecord(cedar.RecordMap{
		"kind": cedar.String(r.Recipient.Kind), "recipient_id": cedar.String(r.Recipient.ID),
		"patient": cedar.String(r.Patient), "reason": cedar.String(r.Reason),
		"category": cedar.String(r.Categories[0]), "purposes": cedar.NewSet(pv...),
		"attrs": cedar.NewRecord(attrs), "consent_permits": cedar.Boolean(consentPermits(c.consents, r)),
	})}
	ok, diag := cedar.Authorize(c.ps, cedar.EntityMap{}, req)
	if len(diag.Errors) > 0 {
		return Outcome{}, fmt.Errorf("bench: cedar: %v", diag.Errors)
	}
	first := -1
	for _, reason := range diag.Reasons {
		var n int
		if _, err := fmt.Sscanf(string(reason.PolicyID), "policy%d", &n); err != nil {
			return Outcome{}, err
		}
		if first < 0 || n < first {
			first = n
		}
	}
	if first < 0 {
		return Outcome{}, nil
	}
	return Outcome{Permit: bool(ok), Rule: c.ids[first]}, nil
}
