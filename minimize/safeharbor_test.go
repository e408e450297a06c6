package minimize_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// fixtures returns the names of the FHIR records in testdata.
func fixtures(tb testing.TB) []string {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(tb, err)
	require.Len(tb, names, 11)
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

func safeHarbor(tb testing.TB) *minimize.View {
	tb.Helper()
	return compile(tb, minimize.SafeHarbor(), minimize.WithNow(now))
}

func TestSafeHarborGolden(t *testing.T) {
	v := safeHarbor(t)
	for _, name := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			out, rep, err := v.Apply(load(t, name))
			require.NoError(t, err)
			got, err := json.MarshalIndent(map[string]any{"record": out, "report": rep}, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name)
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update to create")
			assert.Equal(t, string(want), string(got))
		})
	}
}

// identifying collects, at any depth of a record, the values Safe Harbor
// must not release: names, telecom, street lines, cities, identifier
// values and full dates of birth.
func identifying(x any, into map[string]bool) {
	add := func(v any) {
		if s, ok := v.(string); ok && len(s) >= 4 {
			into[s] = true
		}
	}
	switch t := x.(type) {
	case map[string]any:
		for k, v := range t {
			switch k {
			case "family", "city":
				add(v)
			case "given", "line":
				for _, e := range asSlice(v) {
					add(e)
				}
			case "birthDate":
				if s, _ := v.(string); len(s) == len("1974-12-25") {
					add(s)
				}
			case "telecom", "identifier":
				for _, e := range asSlice(v) {
					if m, ok := e.(map[string]any); ok {
						add(m["value"])
					}
				}
			}
			identifying(v, into)
		}
	case []any:
		for _, e := range t {
			identifying(e, into)
		}
	}
}

func asSlice(v any) []any { a, _ := v.([]any); return a }

func TestSafeHarborReleasesNoIdentifier(t *testing.T) {
	v := safeHarbor(t)
	all := map[string]bool{}
	for _, name := range fixtures(t) {
		rec := load(t, name)
		ids := map[string]bool{}
		identifying(rec, ids)
		out, _, err := v.Apply(rec)
		require.NoError(t, err)
		text := encode(t, out)
		for s := range ids {
			assert.NotContains(t, text, s, "%s releases an identifier", name)
			all[s] = true
		}
	}
	// The search above must have had something to find.
	for _, s := range []string{"Chalmers", "Windsor", "van de Heuvel", "Donald", "534 Erewhon St", "Van Egmondkade 23",
		"PleasantVille", "(03) 5555 6473", "1974-12-25", "1944-11-17", "123456"} {
		assert.True(t, all[s], "fixtures should hold %q", s)
	}
}

func TestSafeHarborShape(t *testing.T) {
	v := safeHarbor(t)
	out, rep, err := v.Apply(load(t, "Patient-example.json"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Patient","gender":"male","deceasedBoolean":false,"birthDate":"1974","address":[{"state":"Vic"}]}`, encode(t, out))
	assert.Equal(t, []string{"address[].state", "deceasedBoolean", "gender", "resourceType"}, rep.Released)
	assert.Equal(t, []string{"birthDate"}, rep.Transformed)

	us := decode(t, `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:x","resource":{"resourceType":"Patient","id":"p","name":[{"family":"Doe"}],"birthDate":"1930-02-01","address":[{"line":["1 Main St"],"city":"Boston","state":"MA","postalCode":"03601-1234","country":"US"}]}}]}`)
	out, _, err = v.Apply(us)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","_birthDate":`+over90JSON+`,"address":[{"state":"MA","postalCode":"000","country":"US"}]}}]}`, encode(t, out))
}

// over90JSON is the primitive extension of an age over 89.
const over90JSON = `{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"masked"},` +
	`{"url":"` + minimize.AgeOver89URL + `","valueString":"90 or older"}]}`

func TestSafeHarborSpecIsFresh(t *testing.T) {
	a := minimize.SafeHarbor()
	a.Keep[0] = "name"
	a.Transform["name"] = "mask"
	b := minimize.SafeHarbor()
	assert.Equal(t, "Bundle.resourceType", b.Keep[0])
	assert.NotContains(t, b.Transform, "name")
	assert.False(t, strings.Contains(strings.Join(b.Keep, " "), "identifier"))
}
