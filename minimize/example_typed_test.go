package minimize_test

import (
	"encoding/json"
	"fmt"

	"github.com/custodianhq/custodian/minimize"
)

// Typed paths release only the resource types they name: the Condition
// leaves nothing, not even its entry, and the report's reference to the
// withheld HIV result goes with it.
func ExampleCompile_typed() {
	view, err := minimize.Compile(minimize.Spec{Keep: []string{
		"Bundle.resourceType", "Bundle.total",
		"Observation.code.coding[].code", "Observation.value[x]",
		"DiagnosticReport.code.coding[].code", "DiagnosticReport.result",
	}})
	if err != nil {
		panic(err)
	}
	var record map[string]any
	_ = json.Unmarshal([]byte(`{
	  "resourceType": "Bundle", "total": 4,
	  "entry": [
	    {"fullUrl": "urn:uuid:r", "resource": {"resourceType": "DiagnosticReport", "code": {"coding": [{"code": "24331-1"}]},
	      "result": [{"reference": "urn:uuid:chol"}, {"reference": "urn:uuid:hiv"}]}},
	    {"fullUrl": "urn:uuid:chol", "resource": {"resourceType": "Observation", "code": {"coding": [{"code": "2093-3"}]},
	      "valueQuantity": {"value": 6.3}}},
	    {"fullUrl": "urn:uuid:hiv", "resource": {"resourceType": "Observation", "code": {"coding": [{"code": "75622-1"}]},
	      "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIV"}]},
	      "valueCodeableConcept": {"text": "positive"}}},
	    {"fullUrl": "urn:uuid:c", "resource": {"resourceType": "Condition", "code": {"text": "HIV disease"}}}
	  ]}`), &record)

	out, report, err := view.Apply(record, "HIV")
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
	fmt.Println("removed:", report.Removed)
	// Output:
	// {"entry":[{"resource":{"code":{"coding":[{"code":"24331-1"}]},"result":[{"reference":"urn:uuid:chol"}]}},{"resource":{"code":{"coding":[{"code":"2093-3"}]},"valueQuantity":{"value":6.3}}}],"resourceType":"Bundle","total":2}
	// removed: [entry[] entry[].resource.result[]]
}

// A host that removes Bundle entries itself prunes what they leave behind.
func ExamplePruneBundle() {
	var bundle map[string]any
	_ = json.Unmarshal([]byte(`{"resourceType": "Bundle", "total": 2,
	  "link": [{"relation": "self", "url": "https://ehr.example/fhir/Observation?patient=p"},
	           {"relation": "next", "url": "https://ehr.example/fhir/Observation?patient=p&page=2"}],
	  "entry": [
	    {"resource": {"resourceType": "DiagnosticReport", "result": [{"reference": "Observation/a"}, {"reference": "Observation/b"}]}},
	    {"fullUrl": "https://ehr.example/fhir/Observation/b", "resource": {"resourceType": "Observation", "id": "b"}}
	  ]}`), &bundle)

	entries := bundle["entry"].([]any)
	removed := minimize.EntryReferences(entries[1].(map[string]any))
	bundle["entry"] = entries[:1]
	pruned, err := minimize.PruneBundle(bundle, removed)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(bundle)
	fmt.Println(string(b))
	fmt.Println("pruned:", pruned)
	// Output:
	// {"entry":[{"resource":{"resourceType":"DiagnosticReport","result":[{"reference":"Observation/a"}]}}],"link":[{"relation":"self","url":"https://ehr.example/fhir/Observation?patient=p"}],"resourceType":"Bundle","total":1}
	// pruned: [entry[].resource.result[]]
}
