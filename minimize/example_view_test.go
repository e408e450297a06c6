package minimize_test

import (
	"encoding/json"
	"fmt"

	"github.com/custodianhq/custodian/minimize"
)

// A view keeps only what it names; an entry labelled with a withheld
// category leaves the Bundle whole.
func ExampleView_Apply() {
	view, err := minimize.Compile(minimize.Spec{
		Keep:      []string{"resourceType", "entry[].resource.code.coding[].code", "entry[].resource.valueQuantity.value"},
		Transform: map[string]string{"entry[].resource.effectiveDateTime": "year"},
	})
	if err != nil {
		panic(err)
	}
	var record map[string]any
	_ = json.Unmarshal([]byte(`{
	  "resourceType": "Bundle",
	  "entry": [
	    {"resource": {"resourceType": "Observation", "subject": {"reference": "Patient/1"},
	      "code": {"coding": [{"system": "http://loinc.org", "code": "2093-3"}]},
	      "valueQuantity": {"value": 6.3, "unit": "mmol/L"}, "effectiveDateTime": "2024-03-05"}},
	    {"resource": {"resourceType": "Observation", "meta": {"security": [{"code": "HIV"}]},
	      "code": {"coding": [{"code": "75622-1"}]}}}
	  ]}`), &record)

	out, report, err := view.Apply(record, "HIV")
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
	fmt.Println("released:", report.Released)
	fmt.Println("transformed:", report.Transformed)
	fmt.Println("removed:", report.Removed)
	// Output:
	// {"entry":[{"resource":{"code":{"coding":[{"code":"2093-3"}]},"effectiveDateTime":"2024","valueQuantity":{"value":6.3}}}],"resourceType":"Bundle"}
	// released: [entry[].resource.code.coding[].code entry[].resource.valueQuantity.value resourceType]
	// transformed: [entry[].resource.effectiveDateTime]
	// removed: [entry[]]
}
