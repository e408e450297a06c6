package bench

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// OPA is the Open Policy Agent on the Rego form of the policy, prepared
// once and evaluated with the request as input.
type OPA struct {
	q        rego.PreparedEvalQuery
	consents []consent.Consent
}

// NewOPA prepares the Rego query.
func NewOPA(ctx context.Context) (*OPA, error) {
	q, err := rego.New(rego.Query("data.disclosure.decision"), rego.Module("policy.rego", RegoPolicy)).PrepareForEval(ctx)
	if err != nil {
		return nil, err
	}
	return &OPA{q: q, consents: Consents()}, nil
}

// Name returns "OPA".
func (*OPA) Name() string { return "OPA" }

// Decide decides r's first category.
func (o *OPA) Decide(ctx context.Context, r *disclosure.Request) (Outcome, error) {
	ps := purposes(r.Purpose)
	pv := make([]any, len(ps))
	for i, p := range ps {
		pv[i] = p
	}
	input := map[string]any{
		"kind": r.Recipient.Kind, "recipient_id": r.Recipient.ID, "patient": r.Patient, "reason": r.Reason,
		"category": string(r.Categories[0]), "purposes": pv, "attributes": r.Attributes,
		"consent_permits": consentPermits(o.consents, r),
	}
	rs, err := o.q.Eval(ctx, rego.EvalInput(input))
	if err != nil {
		return Outcome{}, err
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return Outcome{}, errNoResult
	}
	m, ok := rs[0].Expressions[0].Value.(map[string]any)
	if !ok {
		return Outcome{}, fmt.Errorf("bench: OPA returned %T", rs[0].Expressions[0].Value)
	}
	permit, _ := m["permit"].(bool)
	rule, _ := m["rule"].(string)
	return Outcome{Permit: permit, Rule: rule}, nil
}
