package label_test

import (
	"encoding/json"
	"fmt"

	"github.com/custodianhq/custodian/label"
)

// Example classifies a Bundle holding an HIV viral load and an acyclovir
// prescription, then labels a copy of it. Acyclovir signals no category,
// but the shipped RxNorm sets list only some drugs (coverage partial): a
// drug they do not list is incomplete, never normal.
func Example() {
	var bundle map[string]any
	_ = json.Unmarshal([]byte(`{
	  "resourceType": "Bundle", "type": "collection",
	  "entry": [
	    {"resource": {"resourceType": "Observation", "id": "vl", "status": "final",
	      "code": {"coding": [{"system": "http://loinc.org", "code": "20447-9"}]}}},
	    {"resource": {"resourceType": "MedicationRequest", "id": "rx", "status": "active", "intent": "order",
	      "medicationCodeableConcept": {"coding": [
	        {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "281", "display": "acyclovir"}]}}}
	  ]}`), &bundle)

	l := label.Default() // the shipped value sets, compiled once
	rep, err := l.Classify(bundle)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Resources {
		fmt.Println(r.ResourceType, r.ID, r.Status(), r.Categories())
	}
	fmt.Println("record:", rep.Categories())

	labelled, lab, err := l.Label(bundle) // bundle itself is left as it was
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range lab.Added {
		fmt.Println("added", a.Code, "at", a.Path)
	}
	vl := labelled["entry"].([]any)[0].(map[string]any)["resource"].(map[string]any)
	sec, _ := json.Marshal(vl["meta"])
	fmt.Println(string(sec))
	// Output:
	// Observation vl sensitive [HIV]
	// MedicationRequest rx incomplete []
	// record: [HIV]
	// added HIV at entry[0].resource
	// {"security":[{"code":"HIV","system":"http://terminology.hl7.org/CodeSystem/v3-ActCode"}]}
}
