package minimize_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

func TestZIP3TablesAreReadOnly(t *testing.T) {
	a := minimize.ZIP3Census2000()
	require.Contains(t, a, "036")
	for i := range a {
		a[i] = "999"
	}
	assert.Contains(t, minimize.ZIP3Census2000(), "036", "a caller's change does not reach the table")

	// Nor the views compiled after it.
	v := compile(t, minimize.Spec{Transform: map[string]string{"zip": "zip3"}})
	out, _, err := v.Apply(map[string]any{"zip": "03601"})
	require.NoError(t, err)
	assert.Equal(t, "000", out["zip"])
	out, _, err = v.Apply(map[string]any{"zip": "99901"})
	require.NoError(t, err)
	assert.Equal(t, "999", out["zip"])

	b := minimize.ZIP3Census2020()
	b[0] = "x"
	assert.Equal(t, "036", minimize.ZIP3Census2020()[0])
}

type code string

type resource map[string]any

func TestFullReleasesGoValues(t *testing.T) {
	n := 7
	rec := map[string]any{
		"resourceType": "Patient",
		"tags":         []string{"a", "b"},
		"names":        map[string]string{"family": "Doe"},
		"ints":         []int{1, 2},
		"nested":       []map[string]any{{"x": []any{code("c")}}},
		"typed":        resource{"y": map[string][]string{"z": {"w"}}},
		"array":        [2]bool{true, false},
		"pointer":      &n,
		"nilSlice":     []string(nil),
		"nilPointer":   (*int)(nil),
	}
	out, _, err := minimize.Full().Apply(rec)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Patient","tags":["a","b"],"names":{"family":"Doe"},"ints":[1,2],
	 "nested":[{"x":["c"]}],"typed":{"y":{"z":["w"]}},"array":[true,false],"pointer":7,"nilSlice":null,"nilPointer":null}`, encode(t, out))
	// The copy shares nothing with the input.
	out["tags"].([]any)[0] = "changed"
	assert.Equal(t, "a", rec["tags"].([]string)[0])
}

func TestGoValuesRefused(t *testing.T) {
	type secret struct{ SSN string }
	tests := []struct {
		name string
		rec  map[string]any
		path string
		typ  string
	}{
		{"struct", map[string]any{"a": map[string]any{"b": secret{"111-22-3333"}}}, "a.b", "minimize_test.secret"},
		{"struct in a slice", map[string]any{"a": []any{1, []secret{{"x"}}}}, "a[]", "minimize_test.secret"},
		{"channel", map[string]any{"c": make(chan int)}, "c", "chan int"},
		{"function", map[string]any{"f": func() {}}, "f", "func()"},
		{"int keys", map[string]any{"m": map[int]string{1: "x"}}, "m", "map[int]string"},
		{"complex", map[string]any{"z": complex(1, 2)}, "z", "complex128"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := minimize.Full().Apply(tt.rec)
			require.Error(t, err)
			assert.Nil(t, out)
			assert.Contains(t, err.Error(), `path "`+tt.path+`"`)
			assert.Contains(t, err.Error(), tt.typ)
			assert.NotContains(t, err.Error(), "111-22-3333")
		})
	}
}

func TestLabelsInGoValues(t *testing.T) {
	rec := map[string]any{"entry": []map[string]any{
		{"resource": map[string]any{"id": "1", "meta": map[string]any{"security": []map[string]string{{"system": minimize.SystemActCode, "code": "HIV"}}}}},
		{"resource": map[string]any{"id": "2"}},
	}}
	out, _, err := minimize.Full().Apply(rec, "HIV")
	require.NoError(t, err)
	assert.JSONEq(t, `{"entry":[{"resource":{"id":"2"}}]}`, encode(t, out))
}

// nested returns a record nested depth levels deep.
func nested(depth int) map[string]any {
	rec := map[string]any{"leaf": "x"}
	for range depth - 1 {
		rec = map[string]any{"a": rec}
	}
	return rec
}

func TestDepthLimit(t *testing.T) {
	_, _, err := minimize.Full().Apply(nested(minimize.MaxDepth))
	require.NoError(t, err)

	tests := map[string]map[string]any{
		"hostile nesting": nested(minimize.MaxDepth + 1),
		"deep arrays":     decode(t, `{"a":`+strings.Repeat("[", 300)+strings.Repeat("]", 300)+`}`),
	}
	cycle := map[string]any{"resourceType": "Patient"}
	cycle["self"] = cycle
	tests["cycle"] = cycle
	list := []any{nil}
	list[0] = list
	tests["cyclic slice"] = map[string]any{"a": list}
	for name, rec := range tests {
		t.Run(name, func(t *testing.T) {
			for _, v := range []*minimize.View{minimize.Full(), compile(t, minimize.Spec{Keep: []string{"self", "a"}}), safeHarbor(t)} {
				out, _, err := v.Apply(rec, "HIV")
				if err == nil {
					continue // a view that does not reach that deep
				}
				assert.True(t, errors.Is(err, minimize.ErrTooDeep), "%v", err)
				assert.Nil(t, out)
			}
			_, _, err := minimize.Full().Apply(rec)
			assert.True(t, errors.Is(err, minimize.ErrTooDeep), "Full walks everything: %v", err)
		})
	}
}

func TestDepthLimitOnTransformResults(t *testing.T) {
	loop := map[string]any{}
	loop["again"] = loop
	v := compile(t, minimize.Spec{Transform: map[string]string{"v": "loop"}},
		minimize.WithTransform("loop", minimize.TransformFunc(func(any) (any, error) { return loop, nil })))
	out, _, err := v.Apply(map[string]any{"v": "x"})
	var te *minimize.TransformError
	require.ErrorAs(t, err, &te)
	assert.Nil(t, out)
}

// TestLabelsInGoTypes checks that the label checks read a label as the
// walk releases it: through pointers, named string types and interfaces.
func TestLabelsInGoTypes(t *testing.T) {
	ptr := func(s string) *string { return &s }
	security := func(labels ...any) map[string]any {
		return map[string]any{"resourceType": "Observation", "meta": map[string]any{"security": labels}, "note": "SECRET"}
	}
	tests := map[string]map[string]any{
		"code *string":         security(map[string]any{"code": ptr("HIV")}),
		"code of a named type": security(map[string]any{"code": code("HIV")}),
		"system *string":       security(map[string]any{"system": ptr(minimize.SystemActCode), "code": "HIV"}),
		"system and code of a named type, other system": security(map[string]any{"system": code("http://x"), "code": code("y")}),
		"bare code of a named type":                     security(code("HIV")),
		"bare code **string":                            security(func() **string { p := ptr("HIV"); return &p }()),
		"code json.RawMessage":                          security(map[string]any{"code": json.RawMessage(`"HIV"`)}),
		"inline label, url *string": {"resourceType": "Observation", "code": map[string]any{"text": "SECRET",
			"extension": []any{map[string]any{"url": ptr(minimize.InlineLabelURL), "valueCoding": map[string]any{"code": "HIV"}}}}},
		"inline label, url of a named type": {"resourceType": "Observation", "code": map[string]any{"text": "SECRET",
			"extension": []any{map[string]any{"url": code(minimize.InlineLabelURL), "valueCoding": map[string]any{"code": code("HIV")}}}}},
	}
	for name, rec := range tests {
		t.Run(name, func(t *testing.T) {
			out, _, err := minimize.Full().Apply(rec, "HIV", "http://x|y")
			require.NoError(t, err)
			assert.NotContains(t, encode(t, out), "SECRET")
		})
	}
	// What is not labelled is released.
	out, _, err := minimize.Full().Apply(security(map[string]any{"code": ptr("ETH")}), "HIV")
	require.NoError(t, err)
	assert.Contains(t, encode(t, out), "SECRET")
}

// TestFullReleasesRawJSONAndBytes checks that a json.RawMessage is
// released as the JSON it holds, walked and checked like any value, and a
// []byte as encoding/json writes it, a base64 string.
func TestFullReleasesRawJSONAndBytes(t *testing.T) {
	rec := map[string]any{
		"resourceType": "Bundle",
		"entry": []any{
			map[string]any{"resource": json.RawMessage(`{"resourceType":"Observation","meta":{"security":[{"code":"HIV"}]},"note":"SECRET"}`)},
			map[string]any{"resource": json.RawMessage(`{"resourceType":"Observation","code":{"text":"ok"},"valueInteger":7}`)},
		},
		"meta":      &json.RawMessage{'[', '1', ',', '"', 'a', '"', ']'},
		"signature": []byte("hi"),
		"named":     code("x"),
	}
	out, rep, err := minimize.Full().Apply(rec, "HIV")
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","code":{"text":"ok"},"valueInteger":7}}],
	 "meta":[1,"a"],"signature":"aGk=","named":"x"}`, encode(t, out))
	assert.Equal(t, []string{"entry[]"}, rep.Removed)

	// A RawMessage that is not JSON fails Apply, naming the path, never
	// the value.
	out, _, err = minimize.Full().Apply(map[string]any{"a": map[string]any{"b": json.RawMessage(`{"SECRET`)}})
	require.Error(t, err)
	assert.Nil(t, out)
	assert.Contains(t, err.Error(), `path "a.b"`)
	assert.NotContains(t, err.Error(), "SECRET")
}

// TestResourceTypeInGoTypes checks that a resourceType given as a Go
// value selects the typed paths of its type, as the string would.
func TestResourceTypeInGoTypes(t *testing.T) {
	obs := "Observation"
	v := compile(t, minimize.Spec{Keep: []string{"Observation.code", "Bundle.entry[].fullUrl"}})
	out, _, err := v.Apply(map[string]any{"resourceType": &obs, "code": map[string]any{"text": "ok"}, "note": "x"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"code":{"text":"ok"}}`, encode(t, out))
	out, _, err = v.Apply(map[string]any{"resourceType": code("Bundle"), "entry": []any{
		map[string]any{"fullUrl": "urn:uuid:o", "resource": map[string]any{"resourceType": code("Observation"), "code": map[string]any{"text": "ok"}}},
		map[string]any{"fullUrl": "urn:uuid:c", "resource": map[string]any{"resourceType": code("Condition"), "code": map[string]any{"text": "SECRET"}}},
	}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"entry":[{"fullUrl":"urn:uuid:o","resource":{"code":{"text":"ok"}}}]}`, encode(t, out))
}
