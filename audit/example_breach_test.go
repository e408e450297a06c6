package audit_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/custodianhq/custodian/audit"
)

// A rule sent laboratory results to the wrong health plan for two days.
// FindAffected lists, per patient, what went to that plan: the start of the
// breach notifications. The release to Patient/p3 failed after its event was
// written, and its cancellation keeps it off the list.
func ExampleFindAffected() {
	at := func(day, hour int) time.Time { return time.Date(2025, 5, day, hour, 0, 0, 0, time.UTC) }
	d := func(id, patient, recipient string, when time.Time, cats ...string) audit.Event {
		return audit.Event{ID: id, Time: when, Type: audit.TypeDisclosure, Patient: patient, Recipient: recipient,
			Purpose: "HPAYMT", Categories: cats, Rule: "claims-attachments"}
	}
	events := []audit.Event{
		d("d1", "Patient/p1", "Organization/wrong-plan", at(12, 9), "LAB"),
		d("d2", "Patient/p2", "Organization/right-plan", at(12, 10), "LAB"),
		d("d3", "Patient/p1", "Organization/wrong-plan", at(13, 15), "LAB", "HIV"),
		d("d4", "Patient/p3", "Organization/wrong-plan", at(13, 16), "LAB"),
		{ID: "c4", Time: at(13, 16), Type: audit.TypeCancellation, Patient: "Patient/p3", Cancels: "d4"},
	}
	wrongPlan := func(e audit.Event) bool { return e.Recipient == "Organization/wrong-plan" }
	for _, a := range audit.FindAffected(slices.Values(events), wrongPlan) {
		fmt.Println(a.Patient, a.Categories, len(a.Disclosures), "disclosures, first", a.Disclosures[0].Time.Format(time.DateOnly))
	}
	// Output:
	// Patient/p1 [HIV LAB] 2 disclosures, first 2025-05-12
}
