package minimize_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// decode parses a JSON object the way hosts decode records.
func decode(tb testing.TB, s string) map[string]any {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.Unmarshal([]byte(s), &m))
	return m
}

// encode writes v as compact JSON (keys sorted).
func encode(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return string(b)
}

// load decodes testdata/<name>.
func load(tb testing.TB, name string) map[string]any {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(tb, err)
	var m map[string]any
	require.NoError(tb, json.Unmarshal(b, &m))
	return m
}

// compile compiles s or fails the test.
func compile(tb testing.TB, s minimize.Spec, opts ...minimize.Option) *minimize.View {
	tb.Helper()
	v, err := minimize.Compile(s, opts...)
	require.NoError(tb, err)
	return v
}

// labelled returns a resource carrying security labels.
func labelled(resource string, codes ...string) string {
	sec := ""
	for i, c := range codes {
		if i > 0 {
			sec += ","
		}
		sec += `{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"` + c + `"}`
	}
	return `{"resourceType":"` + resource + `","meta":{"security":[` + sec + `]},"status":"final","code":{"text":"` + resource + `"}}`
}
