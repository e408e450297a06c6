package audit_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/audit"
)

// A FHIRWriter names the system that records the events and the custodian
// of the records, which the BALP disclosure profile asks for and an Event
// does not carry.
func ExampleFHIRWriter() {
	w := audit.FHIRWriter{
		Source:        "Device/lis-01",
		SourceNetwork: "https://lis01.northside.example/fhir",
		Custodian:     "Organization/northside-lab",
	}
	raw, err := w.Marshal(audit.Event{
		ID: "dec-0001", Time: time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC), Type: audit.TypeDisclosure,
		Actor: "Practitioner/clerk-7", Patient: "Patient/pat-001", Recipient: "Organization/state-health-dept",
		Purpose: "PUBHLTH", Outcome: audit.OutcomePermit, Categories: []string{"LAB"},
		Resources: []string{"Observation/cbc-7"}, PolicyName: "northside-lab", PolicyVersion: "2025.03",
		CorrelationID: "req-7f3a",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var a struct {
		Meta  struct{ Profile []string }
		Agent []struct {
			Type struct {
				Coding []struct{ Code, Display string }
			}
			Who struct{ Reference string }
		}
		Entity []struct {
			What struct {
				Reference  string
				Identifier struct{ Value string }
			}
			Type struct{ Code string }
		}
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Meta.Profile[0])
	for _, ag := range a.Agent {
		fmt.Printf("agent %s (%s): %s\n", ag.Type.Coding[0].Code, ag.Type.Coding[0].Display, ag.Who.Reference)
	}
	for _, en := range a.Entity {
		what := en.What.Reference + en.What.Identifier.Value
		if what == "" {
			what = "(the data: categories, fields, details)"
		}
		fmt.Printf("entity %s: %s\n", en.Type.Code, what)
	}
	// Output:
	// https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source
	// agent 110153 (Source Role ID): Device/lis-01
	// agent humanuser (human user): Practitioner/clerk-7
	// agent 110152 (Destination Role ID): Organization/state-health-dept
	// agent 159541003 (Record keeping/library clerk): Organization/northside-lab
	// entity 1: Patient/pat-001
	// entity 2: (the data: categories, fields, details)
	// entity 2: Observation/cbc-7
	// entity XrequestId: req-7f3a
}
