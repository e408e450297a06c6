package audit_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

func TestFindAffected(t *testing.T) {
	ev := func(id, patient, recipient string, at time.Time, cats ...string) audit.Event {
		return audit.Event{ID: id, Type: audit.TypeDisclosure, Patient: patient, Recipient: recipient, Time: at, Categories: cats, Purpose: "HPAYMT"}
	}
	events := []audit.Event{
		ev("3", "Patient/b", "Organization/wrong-plan", t0.Add(2*time.Hour), "LAB"),
		ev("1", "Patient/a", "Organization/wrong-plan", t0.Add(time.Hour), "LAB", "HIV"),
		ev("2", "Patient/a", "Organization/wrong-plan", t0, "DEMO"),
		ev("4", "Patient/c", "Organization/right-plan", t0, "LAB"),
		{ID: "5", Type: audit.TypeDecision, Patient: "Patient/d", Recipient: "Organization/wrong-plan", Time: t0},
	}
	got := audit.FindAffected(slices.Values(events), func(e audit.Event) bool { return e.Recipient == "Organization/wrong-plan" })
	require.Len(t, got, 2)
	assert.Equal(t, "Patient/a", got[0].Patient)
	assert.Equal(t, "Patient/b", got[1].Patient)
	require.Len(t, got[0].Disclosures, 2)
	assert.Equal(t, "2", got[0].Disclosures[0].EventID, "sorted by time")
	assert.Equal(t, []string{"DEMO", "HIV", "LAB"}, got[0].Categories)
	assert.Equal(t, []string{"Organization/wrong-plan"}, got[0].Recipients)
	assert.Equal(t, "payment", got[0].Disclosures[0].PurposeText)

	assert.Len(t, audit.FindAffected(slices.Values(events), nil), 3, "nil match: every disclosure")
	assert.Empty(t, audit.FindAffected(slices.Values(events), func(audit.Event) bool { return false }))
}
