package audittest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

// TestMatchers checks every matcher both ways: it accepts the event it
// describes, and refuses one that differs with an error naming the field.
func TestMatchers(t *testing.T) {
	e := audit.Event{
		ID: "d1", Type: audit.TypeDisclosure, Actor: "Practitioner/clerk", Patient: "Patient/p1",
		Recipient: "Organization/doh", Purpose: "PUBHLTH", Outcome: audit.OutcomePartial,
		Categories: []string{"LAB", "HIV"}, Fields: []string{"code.text"}, Rule: "public-health",
		Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		PolicyName: "northside-lab", Resources: []string{"Observation/o1"}, CorrelationID: "req-1", Cancels: "d0",
	}
	tests := []struct {
		field      string
		match, not audittest.Matcher
	}{
		{"type", audittest.Type(audit.TypeDisclosure), audittest.Type(audit.TypeDecision)},
		{"id", audittest.ID("d1"), audittest.ID("d2")},
		{"patient", audittest.Patient("Patient/p1"), audittest.Patient("Patient/p2")},
		{"recipient", audittest.Recipient("Organization/doh"), audittest.Recipient("Organization/acme")},
		{"actor", audittest.Actor("Practitioner/clerk"), audittest.Actor("Device/portal")},
		{"purpose", audittest.Purpose("PUBHLTH"), audittest.Purpose("TREAT")},
		{"outcome", audittest.Outcome(audit.OutcomePartial), audittest.Outcome(audit.OutcomePermit)},
		{"rule", audittest.Rule("public-health"), audittest.Rule("treatment")},
		{"basis", audittest.Basis("45 CFR 164.512(b)"), audittest.Basis("45 CFR 164.506(c)")},
		{"obligations", audittest.Obligation("account"), audittest.Obligation("review")},
		{"categories", audittest.Category("HIV"), audittest.Category("ETH")},
		{"fields", audittest.Field("code.text"), audittest.Field("subject.reference")},
		{"resources", audittest.Resource("Observation/o1"), audittest.Resource("Observation/o2")},
		{"policy_name", audittest.Policy("northside-lab"), audittest.Policy("hipaa")},
		{"correlation_id", audittest.CorrelationID("req-1"), audittest.CorrelationID("req-2")},
		{"cancels", audittest.Cancels("d0"), audittest.Cancels("d9")},
		{"accounted", audittest.Func("accounted", func(e audit.Event) bool { return len(e.Obligations) > 0 }),
			audittest.Func("accounted", func(audit.Event) bool { return false })},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			assert.NoError(t, tt.match(e), "the matching matcher refuses the event")
			err := tt.not(e)
			require.Error(t, err, "the differing matcher accepts the event")
			assert.Contains(t, err.Error(), tt.field, "the error names the field")
		})
	}
}
