package consent_test

import (
	"fmt"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// An authorization's base deny is not a restriction: asked about a
// recipient it does not name, the patient's consents neither grant nor
// restrict, and the policy's own rules decide. A restriction the patient
// asked for does restrict.
func ExampleAssess() {
	signed := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	auth := consent.Consent{
		ID: "auth-employer", Patient: "Patient/p1", Status: consent.Active, Kind: consent.Authorization,
		Grantor: consent.Party{ID: "Patient/p1"}, Signed: signed,
		Period:      consent.Period{Start: signed, End: signed.AddDate(1, 0, 0)},
		Disclosers:  []consent.Party{{ID: "Organization/lab"}},
		Description: "laboratory results of the pre-employment screening",
		Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{
			Effect: consent.Permit, Recipients: []string{"Organization/acme"},
			Purposes: []consent.Purpose{consent.PatientRequest}, Categories: []consent.Category{consent.Laboratory},
		}}},
	}
	optOut := consent.Consent{
		ID: "no-smith", Patient: "Patient/p1", Status: consent.Active, Kind: consent.Restriction,
		Provision: consent.Provision{Effect: consent.Deny, Recipients: []string{"Organization/smith-law"}},
	}
	cs := []consent.Consent{auth, optOut}
	at := signed.AddDate(0, 1, 0)
	for _, recipient := range []string{"Organization/acme", "Organization/health-dept", "Organization/smith-law"} {
		a := consent.Assess(cs, consent.Query{Recipient: recipient, Purpose: consent.PatientRequest, Category: consent.Laboratory, At: at})
		fmt.Printf("%-26s grant=%q restriction=%q\n", recipient, a.Grant.ConsentID, a.Restriction.ConsentID)
	}
	// Output:
	// Organization/acme          grant="auth-employer" restriction=""
	// Organization/health-dept   grant="" restriction=""
	// Organization/smith-law     grant="" restriction="no-smith"
}
