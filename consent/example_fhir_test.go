package consent_test

import (
	"fmt"
	"log"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// A lab reads a patient's authorization from FHIR and asks what it says
// about three disclosures.
func ExampleParseFHIR() {
	doc := []byte(`{
	  "resourceType": "Consent",
	  "id": "roi-778",
	  "status": "active",
	  "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
	  "category": [{"coding": [{"system": "http://loinc.org", "code": "64292-6"}]}],
	  "patient": {"reference": "Patient/pat-001"},
	  "dateTime": "2025-03-01",
	  "performer": [{"reference": "Patient/pat-001"}],
	  "organization": [{"reference": "Organization/northside-lab"}],
	  "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTOUTE"}]},
	  "provision": {
	    "period": {"start": "2025-03-01", "end": "2026-02-28"},
	    "provision": [{
	      "actor": [{
	        "role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP"}]},
	        "reference": {"reference": "Organization/acme-cardiology"}
	      }],
	      "purpose": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "TREAT"}],
	      "provision": [{
	        "securityLabel": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIV"}]
	      }]
	    }]
	  }
	}`)
	c, err := consent.ParseFHIR(doc)
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	for _, q := range []consent.Query{
		{Recipient: "Organization/acme-cardiology", Purpose: consent.Treatment, Category: consent.Laboratory, At: at},
		{Recipient: "Organization/acme-cardiology", Purpose: consent.Treatment, Category: consent.HIV, At: at},
		{Recipient: "Organization/employer", Purpose: consent.Treatment, Category: consent.Laboratory, At: at},
	} {
		r := c.Evaluate(q)
		fmt.Printf("%s to %s: %s (depth %d)\n", q.Category, q.Recipient, r.Effect, r.Depth)
	}
	// Output:
	// LAB to Organization/acme-cardiology: permit (depth 1)
	// HIV to Organization/acme-cardiology: deny (depth 2)
	// LAB to Organization/employer: deny (depth 0)
}

// An STU3 document is refused whole rather than read in part.
func ExampleParseFHIR_stu3() {
	_, err := consent.ParseFHIR([]byte(`{"resourceType": "Consent", "status": "active",
	  "patient": {"reference": "Patient/f001"}, "policyRule": "http://hl7.org/fhir/ConsentPolicy/opt-in",
	  "except": [{"type": "deny"}]}`))
	fmt.Println(err)
	// Output:
	// consent: FHIR except: an element of an STU3 Consent (FHIR STU3); only R4 is read
}
