package minimize_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

const (
	obs       = `{"resourceType":"Observation","id":"o","code":{"text":"Glucose"},"valueQuantity":{"value":6.3},"valueString":"high","valueset":"x"}`
	condition = `{"resourceType":"Condition","id":"c","code":{"text":"HIV disease"}}`
	basic     = `{"resourceType":"Basic","id":"b","code":{"text":"something unknown"}}`
)

func TestTypedPaths(t *testing.T) {
	tests := []struct {
		name   string
		keep   []string
		record string
		want   string
	}{
		{"typed path in a Bundle", []string{"Observation.code", "Bundle.type"},
			bundle(obs, condition, basic),
			`{"type":"collection","entry":[{"resource":{"code":{"text":"Glucose"}}}]}`},
		{"typed path on the record", []string{"Observation.code"}, obs, `{"code":{"text":"Glucose"}}`},
		{"typed path, other type", []string{"Observation.code"}, condition, `{}`},
		{"unknown type named", []string{"Basic.code"}, bundle(obs, basic),
			`{"entry":[{"resource":{"code":{"text":"something unknown"}}}]}`},
		{"whole resource", []string{"Condition"}, bundle(obs, condition),
			`{"entry":[{"resource":` + condition + `}]}`},
		{"untyped path: every type (as before)", []string{"entry[].resource.code"}, bundle(obs, condition, basic),
			`{"entry":[{"resource":{"code":{"text":"Glucose"}}},{"resource":{"code":{"text":"HIV disease"}}},{"resource":{"code":{"text":"something unknown"}}}]}`},
		{"untyped and typed together", []string{"entry[].resource.id", "Observation.code"}, bundle(obs, condition),
			`{"entry":[{"resource":{"id":"o","code":{"text":"Glucose"}}},{"resource":{"id":"c"}}]}`},
		{"choice type", []string{"Observation.value[x]"}, obs,
			`{"valueQuantity":{"value":6.3},"valueString":"high"}`},
		{"choice type in a Bundle", []string{"Observation.value[x]"}, bundle(obs, condition),
			`{"entry":[{"resource":{"valueQuantity":{"value":6.3},"valueString":"high"}}]}`},
		{"choice type under a kept path", []string{"Observation.valueQuantity", "Observation.value[x]"}, obs,
			`{"valueQuantity":{"value":6.3},"valueString":"high"}`},
		{"choice then a path", []string{"component[].value[x].value"},
			`{"component":[{"valueQuantity":{"value":1,"unit":"a"}},{"valueInteger":3}]}`,
			`{"component":[{"valueQuantity":{"value":1}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile(t, minimize.Spec{Keep: tt.keep})
			out, _, err := v.Apply(decode(t, tt.record))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
		})
	}
}

func TestTypedTransforms(t *testing.T) {
	v := compile(t, minimize.Spec{
		Keep:      []string{"Patient.gender", "Observation.status"},
		Transform: map[string]string{"Patient.birthDate": "year", "Observation.effective[x]": "year"},
	})
	out, rep, err := v.Apply(decode(t, bundle(
		`{"resourceType":"Patient","gender":"female","birthDate":"1970-01-02"}`,
		`{"resourceType":"Observation","status":"final","effectiveDateTime":"2020-03-04","birthDate":"1970-01-02"}`)))
	require.NoError(t, err)
	assert.JSONEq(t, `{"entry":[{"resource":{"gender":"female","birthDate":"1970"}},{"resource":{"status":"final","effectiveDateTime":"2020"}}]}`, encode(t, out))
	assert.Equal(t, []string{"entry[].resource.birthDate", "entry[].resource.effectiveDateTime"}, rep.Transformed)
}

// TestTypedBundlePathsStayOutOfResources checks that a typed view cannot
// reach a Bundle's resources through Bundle paths, which would release
// resources of types the view does not name (a Condition's id, a whole
// Condition) and, on its named types, skip their own paths.
func TestTypedBundlePathsStayOutOfResources(t *testing.T) {
	for _, keep := range [][]string{
		{"Bundle.resourceType", "Bundle.entry[].resource.id", "Observation.code"},
		{"Bundle.entry", "Observation.code"},
		{"Bundle.entry[]", "Observation.code"},
		{"Bundle", "Observation.code"},
	} {
		_, err := minimize.Compile(minimize.Spec{Keep: keep})
		require.Error(t, err, keep)
		assert.Contains(t, err.Error(), "a Bundle's resources are released by the paths of their own types", keep)
	}
	_, err := minimize.Compile(minimize.Spec{Keep: []string{"Observation.code"}, Transform: map[string]string{"Bundle.entry[].resource.id": "mask"}})
	require.Error(t, err)
	v := compile(t, minimize.Spec{Keep: []string{"Bundle.type", "Bundle.entry[].fullUrl", "Bundle.entry[].search", "Observation.code"}})
	out, _, err := v.Apply(decode(t, bundle(obs, condition)))
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"collection","entry":[{"fullUrl":"urn:uuid:a","resource":{"code":{"text":"Glucose"}}}]}`, encode(t, out),
		"the entries' own elements, and the resources by their types")
}

func TestTypedCompileErrors(t *testing.T) {
	_, err := minimize.Compile(minimize.Spec{Transform: map[string]string{"Patient": "mask"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a whole resource cannot be transformed")

	_, err = minimize.Compile(minimize.Spec{Keep: []string{"Patient.name"}, Transform: map[string]string{"Patient.name": "mask"}})
	require.Error(t, err)
	assert.Equal(t, `minimize: path "Patient.name" is both kept and transformed`, err.Error(), "reported once, not once per trie")
}

func TestExtensionsAndContainedUnderKeptPaths(t *testing.T) {
	rec := `{"resourceType":"Observation","code":{"coding":[{"code":"1","extension":[{"url":"u","valueString":"x"}]}],
	 "extension":[{"url":"u","valueDate":"1931-02-03"}],"_text":{"extension":[{"url":"u"}]},"text":"t"},
	 "contained":[{"resourceType":"Patient","id":"p"}],"modifierExtension":[{"url":"m"}]}`
	tests := []struct {
		name string
		keep []string
		want string
	}{
		{"dropped under a kept path", []string{"Observation.code"},
			`{"code":{"coding":[{"code":"1"}],"text":"t"}}`},
		{"kept when named", []string{"Observation.code", "Observation.code.extension", "Observation.code._text"},
			`{"code":{"coding":[{"code":"1"}],"text":"t","extension":[{"url":"u","valueDate":"1931-02-03"}],"_text":{"extension":[{"url":"u"}]}}}`},
		{"a kept resource keeps only named extensions", []string{"Observation", "Observation.contained"},
			`{"resourceType":"Observation","code":{"coding":[{"code":"1"}],"text":"t"},"contained":[{"resourceType":"Patient","id":"p"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := compile(t, minimize.Spec{Keep: tt.keep}).Apply(decode(t, rec))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
		})
	}
	// Full releases the record whole.
	out, _, err := minimize.Full().Apply(decode(t, rec))
	require.NoError(t, err)
	assert.JSONEq(t, rec, encode(t, out))
}
