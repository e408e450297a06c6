package consent_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// An authorization signed by a parent that says neither who discloses, nor
// until when, nor the parent's authority.
func ExampleConsent_Validate() {
	c := consent.Consent{
		ID:          "roi-12",
		Patient:     "Patient/minor-7",
		Status:      consent.Active,
		Grantor:     consent.Party{ID: "RelatedPerson/parent-7"},
		Signed:      time.Date(2025, 8, 15, 0, 0, 0, 0, time.UTC),
		Description: "Immunization records",
		Provision: consent.Provision{
			Effect:     consent.Permit,
			Recipients: []string{"Organization/school-district-9"},
			Purposes:   []consent.Purpose{consent.PatientRequest},
		},
	}
	err := c.Validate()
	fmt.Println(err)

	var ve *consent.ValidationError
	if errors.As(err, &ve) {
		fmt.Println("first:", ve.Field, ve.Element)
	}
	// Output:
	// consent "roi-12": Disclosers: the persons or class authorized to make the disclosure are not named (45 CFR 164.508(c)(1)(ii))
	// consent "roi-12": Period.End: neither an expiration date nor an expiration event is given (45 CFR 164.508(c)(1)(v))
	// consent "roi-12": Authority: the grantor is not the patient and the description of their authority to act for the patient is missing (45 CFR 164.508(c)(1)(vi))
	// first: Disclosers 164.508(c)(1)(ii)
}
