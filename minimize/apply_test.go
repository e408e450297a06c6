package minimize_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

const observation = `{
  "resourceType": "Observation", "id": "f001", "status": "final",
  "meta": {"security": [{"code": "N"}]},
  "code": {"coding": [{"system": "http://loinc.org", "code": "15074-8", "display": "Glucose"}, {"code": "x"}], "text": "Glucose"},
  "subject": {"reference": "Patient/f001", "display": "P. van de Heuvel"},
  "valueQuantity": {"value": 6.3, "unit": "mmol/l"},
  "effectivePeriod": {"start": "2013-04-02T09:30:10+01:00"},
  "performer": [{"reference": "Practitioner/f005"}],
  "note": [], "extension": {}
}`

func TestApplyAllowList(t *testing.T) {
	tests := []struct {
		name     string
		keep     []string
		want     string
		released []string
	}{
		{"leaves", []string{"status", "subject.reference"},
			`{"status":"final","subject":{"reference":"Patient/f001"}}`, []string{"status", "subject.reference"}},
		{"array elements", []string{"code.coding[].code"},
			`{"code":{"coding":[{"code":"15074-8"},{"code":"x"}]}}`, []string{"code.coding[].code"}},
		{"subtree", []string{"valueQuantity"},
			`{"valueQuantity":{"unit":"mmol/l","value":6.3}}`, []string{"valueQuantity.unit", "valueQuantity.value"}},
		{"whole array", []string{"performer"},
			`{"performer":[{"reference":"Practitioner/f005"}]}`, []string{"performer[].reference"}},
		{"overlapping", []string{"code", "code.text"},
			`{"code":{"coding":[{"code":"15074-8","display":"Glucose","system":"http://loinc.org"},{"code":"x"}],"text":"Glucose"}}`,
			[]string{"code.coding[].code", "code.coding[].display", "code.coding[].system", "code.text"}},
		{"absent", []string{"issued", "valueQuantity.comparator"}, `{}`, nil},
		{"empty containers dropped", []string{"note", "extension", "code.coding[].version"}, `{}`, nil},
		{"object expected, string found", []string{"status.code"}, `{}`, nil},
		{"array expected, object found", []string{"subject[].reference"}, `{}`, nil},
		{"object expected, array found", []string{"performer.reference"}, `{}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile(t, minimize.Spec{Keep: tt.keep})
			out, rep, err := v.Apply(decode(t, observation))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
			assert.Equal(t, tt.released, rep.Released)
			assert.Nil(t, rep.Transformed)
			assert.Nil(t, rep.Removed)
		})
	}
}

func TestApplyDoesNotShare(t *testing.T) {
	in := decode(t, observation)
	before := encode(t, in)
	for _, v := range []*minimize.View{compile(t, minimize.Spec{Keep: []string{"code", "valueQuantity", "performer"}}), minimize.Full()} {
		out, _, err := v.Apply(in)
		require.NoError(t, err)
		out["code"].(map[string]any)["coding"].([]any)[0].(map[string]any)["code"] = "changed"
		out["code"].(map[string]any)["coding"].([]any)[1] = "changed"
		out["valueQuantity"].(map[string]any)["value"] = 0
		out["performer"].([]any)[0] = nil
		assert.Equal(t, before, encode(t, in))
	}
}

func TestApplyTransforms(t *testing.T) {
	v := compile(t, minimize.Spec{
		Keep:      []string{"code.text"},
		Transform: map[string]string{"subject.display": "mask", "effectivePeriod.start": "year", "code.coding[].code": "mask", "id": "drop"},
	})
	out, rep, err := v.Apply(decode(t, observation))
	require.NoError(t, err)
	assert.JSONEq(t, `{"code":{"text":"Glucose","coding":[{"code":"***"},{"code":"***"}]},"subject":{"display":"***"},"effectivePeriod":{"start":"2013"}}`, encode(t, out))
	assert.Equal(t, []string{"code.text"}, rep.Released)
	assert.Equal(t, []string{"code.coding[].code", "effectivePeriod.start", "subject.display"}, rep.Transformed)
}

func TestApplyTransformUnderKeptPrefix(t *testing.T) {
	rec := decode(t, `{"address":[{"line":["1 Main St"],"state":"MA","postalCode":"02134"}],"tags":["a","b"]}`)
	v := compile(t, minimize.Spec{Keep: []string{"address"}, Transform: map[string]string{"address[].postalCode": "zip3", "address[].line": "drop", "tags": "mask"}})
	out, rep, err := v.Apply(rec)
	require.NoError(t, err)
	assert.JSONEq(t, `{"address":[{"state":"MA","postalCode":"021"}],"tags":["***","***"]}`, encode(t, out))
	assert.Equal(t, []string{"address[].state"}, rep.Released)
	assert.Equal(t, []string{"address[].postalCode", "tags"}, rep.Transformed)

	// The same view on an address written as an object (not an array):
	// postalCode would escape its transform, so the address is not released.
	out, _, err = v.Apply(decode(t, `{"address":{"state":"MA","postalCode":"02134"}}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, encode(t, out))
}

func TestApplyTransformFailure(t *testing.T) {
	tests := []struct {
		name, record, transform, want string
	}{
		{"year of number", `{"a":{"b":1974}}`, "year", `minimize: path a.b: transform "year": expects a string`},
		{"year of text", `{"a":{"b":"Christmas 1974"}}`, "year", `minimize: path a.b: transform "year": expects an ISO 8601 date`},
		{"mask of object", `{"a":{"b":{"c":"Chalmers"}}}`, "mask", `minimize: path a.b: transform "mask": expects a value or an array of values, got an object`},
		{"mask of nested array", `{"a":{"b":[["Chalmers"]]}}`, "mask", `minimize: path a.b: transform "mask": expects a value or an array of values`},
		{"age of string", `{"a":{"b":"ninety"}}`, "age", `minimize: path a.b: transform "age": expects a number`},
		{"host error", `{"a":{"b":"Chalmers"}}`, "host", `minimize: path a.b: transform "host" failed`},
		{"host panic", `{"a":{"b":"Chalmers"}}`, "panics", `minimize: path a.b: transform "panics" failed`},
	}
	host := minimize.WithTransform("host", minimize.TransformFunc(func(v any) (any, error) {
		return nil, assert.AnError
	}))
	panics := minimize.WithTransform("panics", minimize.TransformFunc(func(v any) (any, error) { panic(v) }))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile(t, minimize.Spec{Keep: []string{"z"}, Transform: map[string]string{"a.b": tt.transform}}, host, panics)
			out, rep, err := v.Apply(decode(t, tt.record))
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Equal(t, minimize.Report{}, rep)
			assert.Equal(t, tt.want, err.Error())
			assert.NotContains(t, err.Error(), "Chalmers")
			var te *minimize.TransformError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, "a.b", te.Path)
			assert.Equal(t, tt.transform, te.Transform)
		})
	}
}

func TestApplyHostTransformResultIsCopied(t *testing.T) {
	shared := map[string]any{"k": []any{"v"}}
	v := compile(t, minimize.Spec{Transform: map[string]string{"a": "expand"}},
		minimize.WithTransform("expand", minimize.TransformFunc(func(any) (any, error) { return shared, nil })))
	out, _, err := v.Apply(map[string]any{"a": "x"})
	require.NoError(t, err)
	out["a"].(map[string]any)["k"].([]any)[0] = "changed"
	assert.Equal(t, "v", shared["k"].([]any)[0])
}

func TestApplyNil(t *testing.T) {
	out, rep, err := minimize.Full().Apply(nil)
	require.NoError(t, err)
	assert.Nil(t, out)
	assert.Equal(t, minimize.Report{}, rep)

	var v *minimize.View
	_, _, err = v.Apply(map[string]any{})
	require.Error(t, err)
	_, _, err = (&minimize.View{}).Apply(map[string]any{})
	require.Error(t, err)
}

// TestReleasedArraysIndependent checks that the arrays of a result, which
// share allocations, do not share elements: appending to one leaves its
// neighbours as they were.
func TestReleasedArraysIndependent(t *testing.T) {
	v := compile(t, minimize.Spec{Keep: []string{"a", "b", "c"}})
	out, _, err := v.Apply(decode(t, `{"a":[1,2],"b":[3],"c":[4,5,6]}`))
	require.NoError(t, err)
	for _, k := range []string{"a", "b", "c"} {
		arr := out[k].([]any)
		out[k] = append(arr, "x", "y", "z")
	}
	assert.JSONEq(t, `{"a":[1,2,"x","y","z"],"b":[3,"x","y","z"],"c":[4,5,6,"x","y","z"]}`, encode(t, out))
}
