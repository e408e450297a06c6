package audit_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

func TestAccounting(t *testing.T) {
	ev := func(id string, at time.Time, patient string, typ audit.EventType, obligations ...string) audit.Event {
		return audit.Event{
			ID: id, Time: at, Type: typ, Patient: patient, Recipient: "Organization/health-dept",
			RecipientName: "County Health Department", Purpose: "PUBHLTH", Outcome: audit.OutcomePermit,
			Categories: []string{"LAB"}, Fields: []string{"code.coding[].code"}, Basis: "45 CFR 164.512(b)",
			Obligations: obligations,
		}
	}
	from, to := t0, t0.AddDate(0, 1, 0)
	events := []audit.Event{
		ev("late", to.Add(-time.Nanosecond), "Patient/a", audit.TypeDisclosure, "account"),
		ev("at-from", from, "Patient/a", audit.TypeDisclosure, "review", "account"),
		ev("at-to", to, "Patient/a", audit.TypeDisclosure, "account"),                          // outside: [from, to)
		ev("before", from.Add(-time.Nanosecond), "Patient/a", audit.TypeDisclosure, "account"), // outside
		ev("other-patient", from.Add(time.Hour), "Patient/b", audit.TypeDisclosure, "account"), // other patient
		ev("tpo", from.Add(time.Hour), "Patient/a", audit.TypeDisclosure, "minimum-necessary"), // not accountable
		ev("decision", from.Add(time.Hour), "Patient/a", audit.TypeDecision, "account"),        // not a disclosure
		ev("mid-b", from.Add(2*time.Hour), "Patient/a", audit.TypeDisclosure, "account"),
		ev("mid-a", from.Add(2*time.Hour), "Patient/a", audit.TypeDisclosure, "account"),
	}
	got := audit.Accounting(slices.Values(events), "Patient/a", from, to)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.EventID)
	}
	assert.Equal(t, []string{"at-from", "mid-a", "mid-b", "late"}, ids)
	e := got[0]
	assert.Equal(t, from, e.Time)
	assert.Equal(t, "Organization/health-dept", e.Recipient)
	assert.Equal(t, "County Health Department", e.RecipientName)
	assert.Equal(t, "public health", e.PurposeText)
	assert.Equal(t, "45 CFR 164.512(b)", e.Basis)
	assert.Equal(t, "Laboratory results: test or service", e.Description)

	// A zero to is open-ended.
	assert.Len(t, audit.Accounting(slices.Values(events), "Patient/a", from, time.Time{}), 5)
}

func TestAccountingPerCategory(t *testing.T) {
	e := disclosureEvent(1)
	e.Categories = []string{"LAB", "HIV"}
	e.Basis = "45 CFR 164.506(c),45 CFR 164.512(b)"
	e.PerCategory = []audit.CategoryOutcome{
		{Category: "LAB", Effect: "permit", Basis: "45 CFR 164.506(c)"},
		{Category: "HIV", Effect: "permit", Basis: "45 CFR 164.512(b)", Obligations: []string{"account"}},
		{Category: "PSY", Effect: "deny", Obligations: []string{"account"}},
	}
	got := audit.Accounting(slices.Values([]audit.Event{e}), e.Patient, t0, t0.AddDate(1, 0, 0))
	require.Len(t, got, 1)
	assert.Equal(t, []string{"HIV"}, got[0].Categories)
	assert.Equal(t, "45 CFR 164.512(b)", got[0].Basis)
	assert.Contains(t, got[0].Description, "HIV/AIDS information")
	assert.NotContains(t, got[0].Description, "aboratory")
}

func TestAccountingPeriod(t *testing.T) {
	at := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	from, to := audit.AccountingPeriod(at)
	assert.Equal(t, time.Date(2019, 6, 30, 0, 0, 0, 0, time.UTC), from)
	assert.Equal(t, at, to)
}

// TestAccountingDescribesElementsInWords checks that an entry names what
// was disclosed as a patient reads it, each element once, and leaves out
// what only frames the record; the exact paths stay in Fields.
func TestAccountingDescribesElementsInWords(t *testing.T) {
	tests := []struct {
		name   string
		fields []string
		want   string
	}{
		{"bundle paths", []string{
			"entry[].fullUrl", "entry[].resource.resourceType", "entry[].resource.id",
			"entry[].resource.meta.security[].code", "entry[].resource.valueQuantity.value",
			"entry[].resource.valueCodeableConcept.text", "entry[].resource.name[].family",
			"entry[].resource.birthDate", "entry[].resource.code.text", "resourceType", "type",
		}, "Laboratory results: name, date of birth, test or service, result"},
		{"unknown element", []string{"bodySite.text", "code.text"}, "Laboratory results: test or service, bodySite"},
		{"frame only", []string{"resourceType", "id"}, "Laboratory results"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := audit.Event{
				ID: "e1", Time: t0, Type: audit.TypeDisclosure, Patient: "Patient/a",
				Categories: []string{"LAB"}, Fields: tt.fields, Obligations: []string{"account"},
			}
			got := audit.Accounting(slices.Values([]audit.Event{e}), "Patient/a", t0, time.Time{})
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, got[0].Description)
			assert.Equal(t, tt.fields, got[0].Fields)
		})
	}
}
