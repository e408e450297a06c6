package disclosure_test

import (
	"context"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/label"
)

// A health plan asks for a patient's results to pay a claim, in a state
// whose law needs the patient's written consent to disclose HIV results
// (the shipped StateSensitive layer). Nobody labelled the record, but one
// result is an HIV viral load (LOINC 20447-9): with a labeler, Release
// decides HIV too, withholds that result and releases the cholesterol.
func ExampleWithLabeler() {
	engine, err := disclosure.New(disclosure.StateSensitive(),
		disclosure.WithAudit(audit.Discard),
		disclosure.WithLabeler(label.Default(), consent.Laboratory))
	if err != nil {
		panic(err)
	}
	result := func(id, loinc string) any {
		return map[string]any{"resource": map[string]any{
			"resourceType": "Observation", "id": id, "status": "final",
			"code":    map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": loinc}}},
			"subject": map[string]any{"reference": "Patient/p1"},
		}}
	}
	record := map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		result("chol", "2093-3"), result("vl", "20447-9"),
	}}
	rel, err := engine.Release(context.Background(), disclosure.Request{
		Patient:   "Patient/p1",
		Requester: consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient: consent.Party{ID: "Organization/plan", Kind: "health-plan"},
		Purpose:   consent.Payment,
		Time:      time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		// No Categories: those found, and LAB for the rest.
	}, record)
	if err != nil {
		panic(err)
	}
	for _, o := range rel.Decision.Outcomes {
		fmt.Println(o.Category, o.Effect)
	}
	fmt.Println("released:", rel.Resources)
	for _, l := range rel.Labels {
		fmt.Println("found:", l.Resource, l.Status, l.Categories, "withheld:", l.Withheld)
	}
	// Output:
	// LAB permit
	// HIV deny
	// released: [Observation/chol]
	// found: Observation/vl sensitive [HIV] withheld: true
}
