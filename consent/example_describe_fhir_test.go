package consent_test

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// A consent received from another system as FHIR R4 (here the HL7 R4
// example "consent-example-signature") is read, summarized in the words the
// patient reads, and asked about three disclosures.
func ExampleParseFHIR_describe() {
	doc, err := os.ReadFile("testdata/fhir/r4/Consent-consent-example-signature.json")
	if err != nil {
		log.Fatal(err)
	}
	c, err := consent.ParseFHIR(doc)
	if err != nil {
		log.Fatal(err) // names the element it refused; nothing is read in part
	}
	fmt.Print(c.Describe())
	fmt.Println()

	inForce := time.Date(2016, 6, 1, 9, 0, 0, 0, time.UTC)
	for _, q := range []consent.Query{
		{Recipient: "Practitioner/13", Purpose: consent.Treatment, Category: consent.Laboratory, At: inForce},
		{Recipient: "Practitioner/99", Purpose: consent.Treatment, Category: consent.Laboratory, At: inForce},
		{Recipient: "Practitioner/13", Purpose: consent.Treatment, Category: consent.Laboratory, At: inForce.AddDate(1, 0, 0)},
	} {
		r := c.Evaluate(q)
		switch {
		case !r.Applies:
			fmt.Printf("%s on %s: the consent says nothing\n", q.Recipient, q.At.Format(time.DateOnly))
		case r.Narrowed:
			fmt.Printf("%s on %s: %s, only the part its provisions name\n", q.Recipient, q.At.Format(time.DateOnly), r.Effect)
		default:
			fmt.Printf("%s on %s: %s\n", q.Recipient, q.At.Format(time.DateOnly), r.Effect)
		}
	}
	// Output:
	// Privacy directive consent-example-signature
	// ===========================================
	//
	// Status: active, in force for the period below.
	//
	// What will be shared: Not described.
	// Who may share it: Organization/f001.
	// Who will receive it: Practitioner/13.
	// For what purpose: Not stated.
	// From: October 10, 2015.
	// Until: the end of October 10, 2016.
	// Signed on May 26, 2016 at 04:41 UTC by you.
	//
	// In detail:
	// - As a rule, your health information may be shared with Practitioner/13.
	//   - Except: Information may be shared. This applies only to records of type application/hl7-cda+xml and records coded 34133-9 or 18842-5 (also naming Practitioner/xcda-author as author).
	//
	// Specially protected information (psychotherapy notes, substance use disorder records, HIV/AIDS, genetic, sexual and reproductive health, and sexual assault or abuse information) is not shared unless this privacy directive names it.
	// This privacy directive names none of it.
	//
	// You may withdraw or change this privacy directive at any time by writing to Organization/f001.
	//
	// Practitioner/13 on 2016-06-01: permit, only the part its provisions name
	// Practitioner/99 on 2016-06-01: the consent says nothing
	// Practitioner/13 on 2017-06-01: the consent says nothing
}
