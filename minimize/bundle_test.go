package minimize_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// searchset is a page of a search: a report, two results (one labelled
// HIV), the patient, total and paging links.
const searchset = `{"resourceType":"Bundle","type":"searchset","total":40,
 "link":[{"relation":"self","url":"https://ehr.example/fhir/Observation?patient=p"},
  {"relation":"next","url":"https://ehr.example/fhir/Observation?patient=p&page=2"},
  {"relation":"last","url":"https://ehr.example/fhir/Observation?patient=p&page=8"}],
 "entry":[
  {"fullUrl":"https://ehr.example/fhir/DiagnosticReport/r","search":{"mode":"match"},"resource":{"resourceType":"DiagnosticReport","id":"r","status":"final",
   "subject":{"reference":"Patient/p"},
   "result":[{"reference":"Observation/glucose"},{"reference":"https://ehr.example/fhir/Observation/hiv/_history/2","display":"HIV-1 Ab"}]}},
  {"fullUrl":"https://ehr.example/fhir/Observation/glucose","search":{"mode":"match"},"resource":{"resourceType":"Observation","id":"glucose","status":"final"}},
  {"fullUrl":"https://ehr.example/fhir/Observation/hiv","search":{"mode":"match"},"resource":{"resourceType":"Observation","id":"hiv","status":"final",
   "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"HIV"}]}}},
  {"fullUrl":"urn:uuid:6f1c","search":{"mode":"include"},"resource":{"resourceType":"Patient","id":"p","gender":"male"}}]}`

func TestApplyPrunesWhatWasWithheld(t *testing.T) {
	out, rep, err := minimize.Full().Apply(decode(t, searchset), "HIV")
	require.NoError(t, err)
	text := encode(t, out)
	assert.NotContains(t, text, "hiv", "no reference, link or count betrays the HIV result")
	assert.NotContains(t, text, "HIV")
	assert.Equal(t, 2, out["total"], "the matches released")
	assert.JSONEq(t, `[{"relation":"self","url":"https://ehr.example/fhir/Observation?patient=p"}]`, encode(t, out["link"]))
	assert.Equal(t, []string{"entry[]", "entry[].resource.result[]"}, rep.Removed)
	require.Len(t, asSlice(out["entry"]), 3)
}

func TestApplyPrunesEntriesAViewDoesNotRelease(t *testing.T) {
	// The typed view names no Patient: its entry goes, and so does the
	// report's reference to it.
	v := compile(t, minimize.Spec{Keep: []string{"Bundle.type", "Bundle.total", "Bundle.entry[].fullUrl", "DiagnosticReport.subject", "DiagnosticReport.result", "Observation.status"}})
	out, rep, err := v.Apply(decode(t, searchset))
	require.NoError(t, err)
	assert.NotContains(t, encode(t, out), "Patient/p")
	assert.Equal(t, 3, out["total"])
	assert.Contains(t, rep.Removed, "entry[].resource.subject")
}

func TestApplyLeavesACompleteBundleAlone(t *testing.T) {
	out, rep, err := minimize.Full().Apply(decode(t, searchset))
	require.NoError(t, err)
	assert.JSONEq(t, searchset, encode(t, out))
	assert.Nil(t, rep.Removed)
}

func TestPruneBundle(t *testing.T) {
	b := decode(t, searchset)
	entries := asSlice(b["entry"])
	removed := entries[2].(map[string]any)
	b["entry"] = append(entries[:2:2], entries[3])
	refs := minimize.EntryReferences(removed)
	assert.Equal(t, []string{"https://ehr.example/fhir/Observation/hiv", "Observation/hiv", "Observation/hiv"}, refs)

	pruned, err := minimize.PruneBundle(b, refs)
	require.NoError(t, err)
	assert.Equal(t, []string{"entry[].resource.result[]"}, pruned)
	assert.Equal(t, 2, b["total"])
	assert.NotContains(t, encode(t, b), "hiv")
	assert.Contains(t, encode(t, b), "Observation/glucose")
}

func TestPruneBundleReferenceForms(t *testing.T) {
	tests := []struct {
		name, ref string
		pruned    bool
	}{
		{"relative", "Observation/x", true},
		{"absolute", "https://other.example/fhir/Observation/x", true},
		{"versioned", "Observation/x/_history/3", true},
		{"uuid", "urn:uuid:x", true},
		{"another id", "Observation/y", false},
		{"contained", "#x", false},
		{"absolute, deeper base", "https://other.example/fhir/R4/Observation/x/_history/1", true},
		{"no id", "Observation/", false},
		{"no type", "x", false},
		{"not a resource type", "observation/x", false},
		{"another type", "Patient/x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := decode(t, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"DiagnosticReport","subject":{"reference":"`+tt.ref+`"},"result":[{"reference":"`+tt.ref+`"},{"reference":"Observation/kept"}]}}]}`)
			_, err := minimize.PruneBundle(b, []string{"urn:uuid:x", "Observation/x"})
			require.NoError(t, err)
			res := asSlice(b["entry"])[0].(map[string]any)["resource"].(map[string]any)
			_, hasSubject := res["subject"]
			assert.Equal(t, !tt.pruned, hasSubject)
			if tt.pruned {
				assert.Len(t, asSlice(res["result"]), 1)
			} else {
				assert.Len(t, asSlice(res["result"]), 2)
			}
		})
	}
}

func TestPruneBundleEdges(t *testing.T) {
	pruned, err := minimize.PruneBundle(nil, []string{"a"})
	require.NoError(t, err)
	assert.Nil(t, pruned)

	// Every paging link gone: no link key left.
	b := decode(t, `{"resourceType":"Bundle","link":[{"relation":"next","url":"n"},{"relation":"prev","url":"p"}],"total":9}`)
	_, err = minimize.PruneBundle(b, nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"resourceType": "Bundle", "total": 0}, b)

	// Hostile nesting stops with an error.
	deep := strings.Repeat(`{"a":`, minimize.MaxDepth+5) + `{"reference":"Observation/x"}` + strings.Repeat(`}`, minimize.MaxDepth+5)
	b = decode(t, `{"resourceType":"Bundle","entry":[`+deep+`]}`)
	_, err = minimize.PruneBundle(b, []string{"Observation/x"})
	assert.True(t, errors.Is(err, minimize.ErrTooDeep))
	assert.Contains(t, err.Error(), "entry[].a.a.a", "the error names the path")
}

// TestPruneBundlePatterns checks the pattern of each removed reference: a
// field, an array element, and both inside arrays and contained
// resources, each named once.
func TestPruneBundlePatterns(t *testing.T) {
	b := decode(t, `{"resourceType":"Bundle","entry":[
		{"resource":{"resourceType":"DiagnosticReport","subject":{"reference":"Patient/p"},
		 "result":[{"reference":"Observation/o"},{"reference":"Observation/kept"}],
		 "contained":[{"resourceType":"Observation","focus":[{"reference":"Observation/o"}],"subject":{"reference":"Patient/p"}}]}},
		{"resource":{"resourceType":"Observation","subject":{"reference":"Patient/p"},"hasMember":[{"reference":"Observation/o"}]}}]}`)
	pruned, err := minimize.PruneBundle(b, []string{"Patient/p", "Observation/o"})
	require.NoError(t, err)
	slices.Sort(pruned)
	assert.Equal(t, []string{
		"entry[].resource.contained[].focus[]",
		"entry[].resource.contained[].subject",
		"entry[].resource.hasMember[]",
		"entry[].resource.result[]",
		"entry[].resource.subject",
	}, pruned)
	out := encode(t, b)
	assert.NotContains(t, out, "Patient/p")
	assert.NotContains(t, out, "Observation/o\"")
	assert.Contains(t, out, "Observation/kept")
	assert.NotContains(t, out, "hasMember", "an array left empty goes")
}

// TestPruneBundleAllocs pins that pruning does not allocate per element
// of the Bundle: the general health panel has hundreds of keys and
// arrays.
func TestPruneBundleAllocs(t *testing.T) {
	rec, _, err := minimize.Full().Apply(load(t, "Bundle-ghp.json"))
	require.NoError(t, err)
	refs := minimize.EntryReferences(asSlice(rec["entry"])[1].(map[string]any))
	require.NotEmpty(t, refs)
	_, err = minimize.PruneBundle(rec, refs)
	require.NoError(t, err)
	n := testing.AllocsPerRun(20, func() { _, _ = minimize.PruneBundle(rec, refs) })
	assert.LessOrEqual(t, n, float64(4), "allocations per PruneBundle of the general health panel")
}

// TestApplyPrunesEntriesLabelledInGoValues checks that the entry check
// reads a labelled resource given as a Go value (a pointer to a map, a map
// of another element type, raw JSON): the whole entry goes, and what
// points at it.
func TestApplyPrunesEntriesLabelledInGoValues(t *testing.T) {
	hiv := func() map[string]any {
		return map[string]any{"resourceType": "Observation", "id": "hiv",
			"meta": map[string]any{"security": []any{map[string]any{"code": "HIV"}}}, "code": map[string]any{"text": "SECRET"}}
	}
	hivRaw := json.RawMessage(`{"resourceType":"Observation","id":"hiv","meta":{"security":[{"code":"HIV"}]},"code":{"text":"SECRET"}}`)
	resources := map[string]any{
		"*map[string]any": func() any { m := hiv(); return &m }(),
		"map[string]map[string]any": map[string]map[string]any{"meta": {"security": []any{map[string]any{"code": "HIV"}}},
			"code": {"text": "SECRET"}},
		"json.RawMessage": hivRaw,
	}
	untyped := compile(t, minimize.Spec{Keep: []string{"resourceType", "total", "link", "entry[].fullUrl", "entry[].resource"}})
	for name, res := range resources {
		t.Run(name, func(t *testing.T) {
			rec := map[string]any{"resourceType": "Bundle", "total": 2,
				"link": []any{map[string]any{"relation": "next", "url": "https://x/page2"}},
				"entry": []any{
					map[string]any{"fullUrl": "https://x/Observation/hiv", "resource": res},
					map[string]any{"fullUrl": "https://x/DiagnosticReport/r", "resource": map[string]any{"resourceType": "DiagnosticReport",
						"result": []any{map[string]any{"reference": "Observation/hiv"}, map[string]any{"reference": "https://x/Observation/hiv"}}}},
				}}
			out, rep, err := untyped.Apply(rec, "HIV")
			require.NoError(t, err)
			text := encode(t, out)
			assert.NotContains(t, text, "SECRET")
			assert.NotContains(t, text, "Observation/hiv")
			assert.NotContains(t, text, "page2")
			assert.Equal(t, 1, out["total"])
			assert.Equal(t, []string{"entry[]", "entry[].resource.result[]"}, rep.Removed)
		})
	}
	// Without a fullUrl, the entry's references are read from its
	// resource, a Go value too.
	m := hiv()
	refs := minimize.EntryReferences(map[string]any{"resource": &m})
	assert.Equal(t, []string{"Observation/hiv"}, refs)
	refs = minimize.EntryReferences(map[string]any{"fullUrl": code("urn:uuid:1"), "resource": hivRaw})
	assert.Equal(t, []string{"urn:uuid:1", "Observation/hiv"}, refs)
}

// TestPruneBundleStopsAtTheFirstError checks that a Go map holding itself
// under two keys fails at MaxDepth at once: the walk does not go on into
// the other keys after the error (2^MaxDepth paths).
func TestPruneBundleStopsAtTheFirstError(t *testing.T) {
	m := map[string]any{}
	m["a"], m["b"] = m, m
	done := make(chan error, 1)
	go func() {
		_, err := minimize.PruneBundle(map[string]any{"entry": []any{m}}, []string{"Observation/x"})
		done <- err
	}()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, minimize.ErrTooDeep)
	case <-time.After(5 * time.Second):
		t.Fatal("PruneBundle still walking after 5s")
	}
}

// TestApplyPrunesBundlesOfEveryShape checks the pruning of Bundles whose
// entries are a Go slice of maps, of a Bundle inside an entry, and of
// references written with a trailing slash.
func TestApplyPrunesBundlesOfEveryShape(t *testing.T) {
	typed := compile(t, minimize.Spec{Keep: []string{"Bundle.resourceType", "Bundle.total", "Bundle.link", "Bundle.entry[].fullUrl",
		"Observation.resourceType", "Observation.code", "DiagnosticReport.resourceType", "DiagnosticReport.result"}})
	goEntries := map[string]any{"resourceType": "Bundle", "total": 40,
		"link": []any{map[string]any{"relation": "next", "url": "https://x/page2"}},
		"entry": []map[string]any{
			{"fullUrl": "https://x/Condition/hiv", "resource": map[string]any{"resourceType": "Condition", "id": "hiv", "code": map[string]any{"text": "SECRET"}}},
			{"fullUrl": "https://x/Observation/o", "resource": map[string]any{"resourceType": "Observation", "code": map[string]any{"text": "ok"}}},
			{"fullUrl": "https://x/DiagnosticReport/r", "resource": map[string]any{"resourceType": "DiagnosticReport",
				"result": []any{map[string]any{"reference": "Condition/hiv"}, map[string]any{"reference": "Observation/o"}}}},
		}}
	tests := []struct {
		name        string
		view        *minimize.View
		rec         map[string]any
		want        string
		wantRemoved []string
	}{
		{
			name: "entries as []map[string]any, a typed view",
			view: typed,
			rec:  goEntries,
			want: `{"resourceType":"Bundle","total":2,"entry":[
			 {"fullUrl":"https://x/Observation/o","resource":{"resourceType":"Observation","code":{"text":"ok"}}},
			 {"fullUrl":"https://x/DiagnosticReport/r","resource":{"resourceType":"DiagnosticReport","result":[{"reference":"Observation/o"}]}}]}`,
			wantRemoved: []string{"entry[].resource.result[]"},
		},
		{
			name: "a Bundle in an entry",
			view: compile(t, minimize.Spec{Keep: []string{"resourceType", "entry"}}),
			rec: decode(t, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Bundle","total":2,
			 "link":[{"relation":"self","url":"https://x/p1"},{"relation":"next","url":"https://x/p2"}],
			 "entry":[{"fullUrl":"https://x/Observation/hiv","resource":{"resourceType":"Observation","id":"hiv","meta":{"security":[{"code":"HIV"}]}}},
			  {"resource":{"resourceType":"DiagnosticReport","result":[{"reference":"Observation/hiv"},{"reference":"Observation/o"}]}}]}}]}`),
			want: `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Bundle","total":1,
			 "link":[{"relation":"self","url":"https://x/p1"}],
			 "entry":[{"resource":{"resourceType":"DiagnosticReport","result":[{"reference":"Observation/o"}]}}]}}]}`,
			wantRemoved: []string{"entry[].resource.entry[]", "entry[].resource.entry[].resource.result[]"},
		},
		{
			name: "a reference with a trailing slash",
			view: minimize.Full(),
			rec: decode(t, `{"resourceType":"Bundle","entry":[{"fullUrl":"https://x/Observation/hiv","resource":{"resourceType":"Observation","id":"hiv","meta":{"security":[{"code":"HIV"}]}}},
			 {"resource":{"resourceType":"DiagnosticReport","result":[{"reference":"https://x/Observation/hiv/"},{"reference":"Observation/hiv/"},{"reference":"Observation/o/"}]}}]}`),
			want:        `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"DiagnosticReport","result":[{"reference":"Observation/o/"}]}}]}`,
			wantRemoved: []string{"entry[]", "entry[].resource.result[]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, rep, err := tt.view.Apply(tt.rec, "HIV")
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
			assert.Equal(t, tt.wantRemoved, rep.Removed)
		})
	}
}

// TestPruneBundleGoEntries checks PruneBundle on a Bundle whose entries
// are a Go slice of maps: pruned in place, counted.
func TestPruneBundleGoEntries(t *testing.T) {
	b := map[string]any{"resourceType": "Bundle", "total": 9, "entry": []map[string]any{
		{"resource": map[string]any{"resourceType": "DiagnosticReport", "result": []any{map[string]any{"reference": "Observation/x/"}, map[string]any{"reference": "Observation/y"}}}},
		{"search": map[string]any{"mode": "include"}, "resource": map[string]any{"resourceType": "Patient"}},
	}}
	pruned, err := minimize.PruneBundle(b, []string{"Observation/x"})
	require.NoError(t, err)
	assert.Equal(t, []string{"entry[].resource.result[]"}, pruned)
	assert.JSONEq(t, `{"resourceType":"Bundle","total":1,"entry":[
	 {"resource":{"resourceType":"DiagnosticReport","result":[{"reference":"Observation/y"}]}},
	 {"search":{"mode":"include"},"resource":{"resourceType":"Patient"}}]}`, encode(t, b))
}

// TestPruneBundleDropsElementsThatHeldAReference checks that an array
// element that held a reference to a removed entry in a field goes whole,
// so that nothing left of it says something was withheld; an object left
// empty goes, and a contained resource only loses the reference.
func TestPruneBundleDropsElementsThatHeldAReference(t *testing.T) {
	rec := decode(t, `{"resourceType":"Bundle","entry":[
	 {"fullUrl":"https://x/Condition/hiv","resource":{"resourceType":"Condition","id":"hiv","meta":{"security":[{"code":"HIV"}]}}},
	 {"resource":{"resourceType":"Encounter","id":"e",
	  "diagnosis":[{"condition":{"reference":"Condition/hiv"}},{"condition":{"reference":"Condition/hiv"},"rank":1},{"condition":{"reference":"Condition/flu"},"rank":2}],
	  "reasonReference":[{"reference":"Condition/hiv"},{"reference":"Condition/flu"}],
	  "extension":[{"url":"u","valueReference":{"reference":"Condition/hiv"}}],
	  "focus":{"detail":{"reference":"Condition/hiv"}},
	  "contained":[{"resourceType":"Provenance","id":"p","target":{"reference":"Condition/hiv"},"recorded":"2020"}]}}]}`)
	out, rep, err := minimize.Full().Apply(rec, "HIV")
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Encounter","id":"e",
	 "diagnosis":[{"condition":{"reference":"Condition/flu"},"rank":2}],
	 "reasonReference":[{"reference":"Condition/flu"}],
	 "contained":[{"resourceType":"Provenance","id":"p","recorded":"2020"}]}}]}`, encode(t, out))
	assert.Contains(t, rep.Removed, "entry[].resource.diagnosis[]")
	assert.Contains(t, rep.Removed, "entry[].resource.extension[]")
}

// TestPruneBundleLeavesNothingEmpty checks that an object, an array element
// or an entry that pruning empties goes: the values Apply returns hold no
// empty object or array, which would say that something was there.
func TestPruneBundleLeavesNothingEmpty(t *testing.T) {
	rec := decode(t, `{"resourceType":"Bundle","entry":[
	 {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Observation","meta":{"security":[{"code":"HIV"}]}}},
	 {"link":{"to":[{"reference":"urn:uuid:1"}]}},
	 {"resource":{"resourceType":"Basic","focus":{"of":[{"reference":"urn:uuid:1"}]},"id":"b"}}]}`)
	out, rep, err := compile(t, minimize.Spec{Keep: []string{"resourceType", "entry"}}).Apply(rec, "HIV")
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Basic","id":"b"}}]}`, encode(t, out))
	assert.Contains(t, rep.Removed, "entry[]")
}
