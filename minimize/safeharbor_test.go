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

// notDeidentified reports, by path, what in a Safe Harbor output is a date
// finer than a year, an age over 89 (a quantity in years, or the value of
// an element coded as an age) or the invalid "90+".
func notDeidentified(x any, path string, into *[]string) {
	switch t := x.(type) {
	case map[string]any:
		ageCoded := strings.Contains(encodeAny(t["code"]), `"30525-0"`) || strings.Contains(encodeAny(t["code"]), `"21612-7"`)
		if v, ok := t["value"].(float64); ok && v > 89 && (t["code"] == "a" || t["unit"] == "years" || t["unit"] == "a") {
			*into = append(*into, path+".value")
		}
		for _, k := range []string{"valueInteger", "valueQuantity"} {
			if ageCoded {
				if v, ok := t[k].(float64); ok && v > 89 {
					*into = append(*into, path+"."+k)
				}
				if q, ok := t[k].(map[string]any); ok {
					if v, ok := q["value"].(float64); ok && v > 89 {
						*into = append(*into, path+"."+k)
					}
				}
			}
		}
		for k, v := range t {
			notDeidentified(v, path+"."+k, into)
		}
	case []any:
		for _, e := range t {
			notDeidentified(e, path+"[]", into)
		}
	case string:
		if t == "90+" || len(t) >= 7 && t[4] == '-' && strings.Trim(t[:4], "0123456789") == "" && t[5] >= '0' && t[5] <= '9' && t[6] >= '0' && t[6] <= '9' {
			*into = append(*into, path)
		}
	}
}

func encodeAny(v any) string { b, _ := json.Marshal(v); return string(b) }

// safeHarborInputs returns every FHIR record of testdata (the HL7
// examples, the DS4P examples) and the hostile records of the tests.
func safeHarborInputs(t *testing.T) map[string]map[string]any {
	recs := map[string]map[string]any{}
	for _, name := range fixtures(t) {
		recs[name] = load(t, name)
	}
	ds4p, err := filepath.Glob(filepath.Join("testdata", "ds4p", "*.json"))
	require.NoError(t, err)
	require.Len(t, ds4p, 8)
	for _, p := range ds4p {
		name := filepath.Join("ds4p", filepath.Base(p))
		recs[name] = load(t, name)
	}
	recs["ageObservation"] = decode(t, ageObservation)
	recs["freeTextObservation"] = decode(t, freeTextObservation)
	recs["bundle of both"] = decode(t, bundle(ageObservation, freeTextObservation))
	return recs
}

func TestSafeHarborReleasesNoIdentifier(t *testing.T) {
	v := safeHarbor(t)
	all := map[string]bool{}
	for name, rec := range safeHarborInputs(t) {
		ids := map[string]bool{}
		identifying(rec, ids)
		out, _, err := v.Apply(rec)
		require.NoError(t, err)
		text := encode(t, out)
		for s := range ids {
			assert.NotContains(t, text, s, "%s releases an identifier", name)
			all[s] = true
		}
		for _, s := range []string{"John Smith", "12345"} {
			assert.NotContains(t, text, s, "%s releases free text", name)
		}
		var bad []string
		notDeidentified(out, "", &bad)
		assert.Empty(t, bad, "%s releases a date finer than a year or an age over 89", name)
	}
	// The search above must have had something to find.
	for _, s := range []string{"Chalmers", "Windsor", "van de Heuvel", "Donald", "534 Erewhon St", "Van Egmondkade 23",
		"PleasantVille", "(03) 5555 6473", "1974-12-25", "1944-11-17", "123456", "111-22-3333"} {
		assert.True(t, all[s], "fixtures should hold %q", s)
	}
	// ... and the scan must catch what it looks for.
	var bad []string
	notDeidentified(decode(t, ageObservation), "", &bad)
	notDeidentified(decode(t, `{"birthDate":"1931-02-03","x":"90+"}`), "", &bad)
	assert.Len(t, bad, 7)
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
