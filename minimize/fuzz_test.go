package minimize_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/custodianhq/custodian/minimize"
)

func FuzzCompile(f *testing.F) {
	for _, p := range []string{"", "a", "a.b", "code.coding[].code", "entry[].resource.valueQuantity", "a..b", "a[", "a[]b", "[]", "a.", ".", "a[]]", "é", "a[].[]",
		"Observation.value[x]", "Observation", "value[x][]", "a[x]b", "a[x", "[x]", "Bundle.entry[].resource.code", "_birthDate"} {
		f.Add(p, "mask")
	}
	f.Add("a.b", "hash")
	f.Add("a", "nope")
	f.Fuzz(func(t *testing.T, path, transform string) {
		specs := []minimize.Spec{
			{Keep: []string{path}},
			{Transform: map[string]string{path: transform}},
			{Labels: path},
			{Keep: []string{path, "a"}, Transform: map[string]string{"a.b": transform}},
		}
		for _, s := range specs {
			v, err := minimize.Compile(s, minimize.WithHashKey([]byte("k")))
			if (v == nil) == (err == nil) {
				t.Fatalf("Compile(%q): view %v, error %v", path, v, err)
			}
			var pe *minimize.PathError
			if errors.As(err, &pe) && (pe.Pos < 0 || pe.Pos > len(pe.Path)) {
				t.Fatalf("position %d outside %q", pe.Pos, pe.Path)
			}
		}
	})
}

// fuzzViews are the views FuzzApply applies.
var fuzzViews = []minimize.Spec{
	{Keep: []string{"resourceType", "code", "entry[].resource.code.coding[].code", "a.b[].c"}},
	{Keep: []string{"a", "entry"}, Transform: map[string]string{"a.b": "year", "entry[].resource.birthDate": "birthyear", "x[]": "zip3"}},
	{Keep: []string{"Observation.resourceType", "Observation.code", "Observation.value[x]", "Patient", "Bundle.resourceType", "Bundle.total", "Bundle.link"}, Transform: map[string]string{"Patient.birthDate": "birthyear"}},
	{Keep: []string{"Observation", "code", "entry"}, SafeHarbor: true},
	minimize.SafeHarbor(),
}

func FuzzApply(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Observation","code":{"coding":[{"code":"1"}]}}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"resource":{"meta":{"security":[{"code":"HIV"}]},"code":{}}},{"resource":{"birthDate":"1920"}}]}`))
	f.Add([]byte(`{"a":{"b":"2020-01-01","c":[1,[2,{}]]},"x":["02134","1"],"address":[{"postalCode":"03601"}]}`))
	f.Add([]byte(`{"meta":{"security":[{"code":"HIV"}]}}`))
	f.Add([]byte(`{"a":[{"b":[{"c":null}]}],"entry":{"resource":1}}`))
	f.Add([]byte(`{"resourceType":"Bundle","total":3,"link":[{"relation":"next"}],"entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Observation","id":"1","extension":[{"url":"` + minimize.InlineLabelURL + `","valueCoding":{"code":"HIV"}}]}},{"resource":{"resourceType":"Patient","birthDate":"1930","_birthDate":{"extension":[]},"link":[{"reference":"urn:uuid:1"}]}}]}`))
	f.Add([]byte(`{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueQuantity":{"value":95,"code":"a"},"effectiveDateTime":"20x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rec map[string]any
		if json.Unmarshal(data, &rec) != nil {
			return
		}
		before, _ := json.Marshal(rec)
		for _, s := range fuzzViews {
			v, err := minimize.Compile(s, minimize.WithNow(now))
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := v.Apply(rec, "HIV")
			if err != nil {
				var te *minimize.TransformError
				if !errors.As(err, &te) && !errors.Is(err, minimize.ErrTooDeep) || out != nil {
					t.Fatalf("Apply: %v, record %v", err, out)
				}
				continue
			}
			if out != nil {
				allowed(t, s, out)
			}
		}
		if _, _, err := minimize.Full().Apply(rec, "HIV"); err != nil && !errors.Is(err, minimize.ErrTooDeep) {
			t.Fatal(err)
		}
		after, _ := json.Marshal(rec)
		if string(before) != string(after) {
			t.Fatal("Apply modified its input")
		}
	})
}
