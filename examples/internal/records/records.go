// Package records holds the FHIR R4 records the examples release: public
// HL7 examples of fictitious patients, and a few results written for the
// examples (see SOURCES.md).
package records

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed *.json
var files embed.FS

// Bundle returns one collection Bundle, with the given id, of the resources
// in the named files, in the order given; the entries of a Bundle file are
// taken as they are.
func Bundle(id string, names ...string) (map[string]any, error) {
	var entries []any
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var res map[string]any
		if err := json.Unmarshal(data, &res); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if res["resourceType"] == "Bundle" {
			es, _ := res["entry"].([]any)
			entries = append(entries, es...)
			continue
		}
		entries = append(entries, map[string]any{
			"fullUrl":  fmt.Sprintf("urn:example:%s/%s", res["resourceType"], res["id"]),
			"resource": res,
		})
	}
	return map[string]any{"resourceType": "Bundle", "id": id, "type": "collection", "entry": entries}, nil
}

// Pat2 returns the laboratory record of Patient/pat2: demographics, a lipid
// panel, an HIV antibody test and an opiate screen from a substance-use
// treatment program.
func Pat2() (map[string]any, error) {
	return Bundle("results-pat2", "Patient-pat2.json", "Bundle-lipids.json", "Observation-hiv-ab.json", "Observation-opiates.json")
}
