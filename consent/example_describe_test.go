package consent_test

import (
	"fmt"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// The summary a patient reads before signing.
func ExampleConsent_Describe() {
	c := consent.Consent{
		ID:          "roi-31",
		Patient:     "Patient/p1",
		Status:      consent.Active,
		Grantor:     consent.Party{ID: "Patient/p1"},
		Signed:      time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		Period:      consent.Period{Start: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		Disclosers:  []consent.Party{{ID: "Organization/northside-lab", Name: "Northside Laboratory"}},
		Description: "Laboratory results from March 2025 on",
		Provision: consent.Provision{
			Effect: consent.Deny,
			Provisions: []consent.Provision{{
				Effect:     consent.Permit,
				Recipients: []string{"Organization/acme"},
				Actors:     []consent.Actor{{Role: consent.Coding{Code: "IRCP"}, Reference: "Organization/acme", Name: "Acme Cardiology"}},
				Purposes:   []consent.Purpose{consent.Treatment},
				Provisions: []consent.Provision{{Effect: consent.Deny, Categories: []consent.Category{consent.HIV}}},
			}},
		},
	}
	fmt.Print(c.Describe())
	// Output:
	// Authorization roi-31
	// ====================
	//
	// Status: active, in force for the period below.
	//
	// What will be shared: Laboratory results from March 2025 on.
	// Who may share it: Northside Laboratory.
	// Who will receive it: Acme Cardiology.
	// For what purpose: Treatment.
	// From: March 1, 2025.
	// Until: the end of February 28, 2026.
	// Signed on March 1, 2025 by you.
	//
	// In detail:
	// - As a rule, your health information is not shared.
	//   - Except: Information may be shared with Acme Cardiology for treatment.
	//     - Except, within that: HIV/AIDS information is not shared.
	//
	// Specially protected information (psychotherapy notes, substance use disorder records, HIV/AIDS, genetic, sexual and reproductive health, and sexual assault or abuse information) is not shared unless this authorization names it.
	// This authorization names none of it.
	//
	// You may revoke this authorization at any time by writing to Northside Laboratory. A revocation stops disclosures from the time it is received; it does not undo disclosures already made in reliance on this authorization (45 CFR 164.508(b)(5)).
	// Information shared under this authorization may be shared again by the recipient and may then no longer be protected by federal privacy law (45 CFR 164.508(c)(2)(iii)).
}
