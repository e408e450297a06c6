package minimize_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/minimize"
)

// SafeHarbor removes the identifiers of 45 CFR 164.514(b)(2): names,
// street, city, phone and identifiers go; the birth date becomes a year (or
// the AgeOver89URL extension, "90 or older", when it is indicative of an
// age over 89), the ZIP code its first three digits ("000" where fewer than
// 20,000 people share them).
func ExampleSafeHarbor() {
	view, err := minimize.Compile(minimize.SafeHarbor(),
		minimize.WithNow(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		panic(err)
	}
	var patient map[string]any
	_ = json.Unmarshal([]byte(`{
	  "resourceType": "Patient", "id": "p1",
	  "identifier": [{"system": "urn:mrn", "value": "MRN-001"}],
	  "name": [{"family": "Doe", "given": ["Jane"]}],
	  "telecom": [{"system": "phone", "value": "555-0100"}],
	  "gender": "female", "birthDate": "1961-07-04",
	  "address": [{"line": ["1 Main St"], "city": "Boston", "state": "MA", "postalCode": "02134", "country": "US"}]
	}`), &patient)

	out, _, err := view.Apply(patient)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
	// Output:
	// {"address":[{"country":"US","postalCode":"021","state":"MA"}],"birthDate":"1961","gender":"female","resourceType":"Patient"}
}
