package minimize_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// TestHostileShapes feeds records whose labels, types, Bundles and
// references have the wrong shape: no panic, no error, nothing released
// that the view does not name, and a label that cannot be read removes
// nothing it should not.
func TestHostileShapes(t *testing.T) {
	typed := minimize.Spec{Keep: []string{"Observation.resourceType", "Observation.code", "Observation.value[x]",
		"Bundle.resourceType", "Bundle.total", "Bundle.link", "DiagnosticReport.resourceType", "DiagnosticReport.result"}}
	views := map[string]*minimize.View{
		"full":        minimize.Full(),
		"typed":       compile(t, typed),
		"safe harbor": safeHarbor(t),
	}
	records := []string{
		`{"resourceType":"Observation","meta":"x","code":{"text":"a"}}`,
		`{"resourceType":"Observation","meta":{"security":{"code":"HIV"}},"code":{"text":"a"}}`,
		`{"resourceType":"Observation","meta":{"security":["HIV",7,null]},"code":{"text":"a"}}`,
		`{"resourceType":"Observation","extension":"note","code":{"extension":[{"url":"` + minimize.InlineLabelURL + `","valueCoding":"HIV"}]}}`,
		`{"resourceType":"Observation","extension":[{"url":"` + minimize.InlineLabelURL + `","valueCoding":{"code":7}}],"code":{"text":"a"}}`,
		`{"resourceType":7,"code":{"text":"a"}}`,
		`{"resourceType":"Bundle","entry":{"resource":{"resourceType":"Observation"}},"total":"many","link":"next"}`,
		`{"resourceType":"Bundle","entry":[1,"x",null,[],{"resource":"Observation"},{"resource":{"resourceType":["Observation"]}}]}`,
		`{"resourceType":"Bundle","total":2,"entry":[{"fullUrl":7,"resource":{"resourceType":"Observation","id":7,"meta":{"security":[{"code":"HIV"}]}}},{"resource":{"resourceType":"DiagnosticReport","result":[{"reference":7},{"reference":null},"Observation/1"]}}]}`,
		`{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueQuantity":{"value":"95","unit":"a"},"valueInteger":"x"}`,
		`{"resourceType":"Patient","birthDate":19360101,"_birthDate":"x","address":[{"postalCode":["0","1"]}]}`,
		`{"resourceType":"Observation","value":"plain","valueX":1,"valuex":2,"code":[]}`,
	}
	for _, rec := range records {
		for name, v := range views {
			in := decode(t, rec)
			out, _, err := v.Apply(in, "HIV", "R", "http://x|y")
			assert.JSONEq(t, rec, encode(t, in), "input modified")
			if err != nil {
				var te *minimize.TransformError
				require.ErrorAs(t, err, &te, "%s on %s", name, rec)
				assert.Nil(t, out)
				continue
			}
			if name == "typed" {
				allowed(t, typed, out)
			}
			assert.NotContains(t, encode(t, out), `"HIV"`, "%s on %s: a readable HIV label leaves", name, rec)
		}
	}
}

func FuzzPruneBundle(f *testing.F) {
	f.Add([]byte(searchset), "Observation/hiv")
	f.Add([]byte(`{"entry":[{"resource":{"a":[{"reference":"urn:uuid:x"},{"b":{"reference":"urn:uuid:x"}}]}}],"link":[{"relation":"prev"}],"total":1}`), "urn:uuid:x")
	f.Add([]byte(`{"entry":[1,[{"reference":"A/b"}],{"reference":"A/b"}]}`), "A/b")
	f.Add([]byte(`{"entry":[{"":{"":[{"reference":"/"}]}}]}`), "/")
	f.Fuzz(func(t *testing.T, data []byte, removed string) {
		var b map[string]any
		if json.Unmarshal(data, &b) != nil || b == nil {
			return
		}
		_, err := minimize.PruneBundle(b, []string{removed})
		if err != nil {
			if !errors.Is(err, minimize.ErrTooDeep) {
				t.Fatal(err)
			}
			return
		}
		if removed == "" {
			return
		}
		// No Reference to the removed entry is left in any entry's object.
		var check func(x any)
		check = func(x any) {
			switch v := x.(type) {
			case map[string]any:
				if r, ok := v["reference"].(string); ok && r == removed {
					t.Fatalf("reference %q left", r)
				}
				for _, e := range v {
					check(e)
				}
			case []any:
				for _, e := range v {
					check(e)
				}
			}
		}
		if entries, ok := b["entry"].([]any); ok {
			for _, e := range entries {
				if em, ok := e.(map[string]any); ok {
					for _, x := range em {
						check(x)
					}
				}
			}
		}
	})
}
