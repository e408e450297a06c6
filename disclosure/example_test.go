package disclosure_test

import (
	"context"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// A state health department asks for a patient's laboratory and HIV results
// for a report the law requires, and for the opiate screen of a
// substance-use program.
func ExampleEngine_Decide() {
	e, err := disclosure.New(disclosure.HIPAA(), disclosure.WithAudit(audit.Discard))
	if err != nil {
		panic(err)
	}
	d, err := e.Decide(context.Background(), disclosure.Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/state-doh", Kind: "public-health-authority"},
		Purpose:    consent.PublicHealth,
		Categories: []consent.Category{consent.Laboratory, consent.HIV, consent.SubstanceUse},
		Time:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		Attributes: map[string]any{"required_by_law": true, "part2_program": true},
	})
	if err != nil {
		panic(err)
	}
	for _, o := range d.Outcomes {
		fmt.Println(o.Category, o.Effect, o.Rule, o.View, o.Obligations)
	}
	// Output:
	// LAB permit public-health public-health [account]
	// HIV permit public-health public-health [account]
	// ETH deny deny-part2-without-authority  []
}
