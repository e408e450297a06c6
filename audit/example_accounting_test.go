package audit_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/custodianhq/custodian/audit"
)

// The accounting a patient asked for on 30 June 2025: only the
// disclosures the policy marked "account" (here the report to public
// health, not the release to the patient's physician for treatment).
func ExampleAccounting() {
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 14, 0, 0, 0, time.UTC) }
	events := []audit.Event{
		{
			ID: "d1", Time: day(time.March, 2), Type: audit.TypeDisclosure, Patient: "Patient/p1",
			Recipient: "Organization/dr-lee", RecipientName: "Dr. Ana Lee, Northside Clinic",
			Purpose: "TREAT", Categories: []string{"LAB"}, Basis: "45 CFR 164.506(c)",
		},
		{
			ID: "d2", Time: day(time.April, 9), Type: audit.TypeDisclosure, Patient: "Patient/p1",
			Recipient: "Organization/county-health", RecipientName: "County Health Department, 1 Main St, Springfield",
			Purpose: "PUBHLTH", Categories: []string{"LAB", "HIV"}, Fields: []string{"code", "valueQuantity", "effectiveDateTime"},
			Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		},
	}
	from, to := audit.AccountingPeriod(time.Date(2025, time.June, 30, 0, 0, 0, 0, time.UTC))
	for _, e := range audit.Accounting(slices.Values(events), "Patient/p1", from, to) {
		fmt.Println(e.Time.Format("2006-01-02"), "to", e.RecipientName)
		fmt.Println("  what:", e.Description)
		fmt.Println("  why: ", e.PurposeText, "("+e.Basis+")")
	}
	// Output:
	// 2025-04-09 to County Health Department, 1 Main St, Springfield
	//   what: Laboratory results; HIV/AIDS information: test or service, result, date
	//   why:  public health (45 CFR 164.512(b))
}

// A disclosure event is written before the information leaves; when the
// delivery then fails, a cancellation event says it did not happen, and
// the accounting leaves it out, whichever order the events are read in.
func ExampleAccounting_cancellation() {
	at := time.Date(2025, time.April, 9, 14, 0, 0, 0, time.UTC)
	events := []audit.Event{
		{ID: "c2", Time: at.Add(time.Minute), Type: audit.TypeCancellation, Patient: "Patient/p1", Cancels: "d2",
			Reason: "the registry refused the connection"},
		{
			ID: "d1", Time: at, Type: audit.TypeDisclosure, Patient: "Patient/p1", RecipientName: "County Health Department",
			Purpose: "PUBHLTH", Categories: []string{"LAB"}, Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		},
		{
			ID: "d2", Time: at, Type: audit.TypeDisclosure, Patient: "Patient/p1", RecipientName: "State Cancer Registry",
			Purpose: "PUBHLTH", Categories: []string{"LAB"}, Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		},
	}
	for _, e := range audit.Accounting(slices.Values(events), "Patient/p1", time.Time{}, time.Time{}) {
		fmt.Println(e.EventID, "to", e.RecipientName)
	}
	// Output:
	// d1 to County Health Department
}
