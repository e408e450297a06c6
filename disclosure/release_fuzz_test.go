package disclosure_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/disclosure"
)

// FuzzReleasePatient releases random records for Patient/pat2 through the
// full view, with subjectless resources accepted so that as much as
// possible leaves: whatever leaves names no other patient in a resource,
// a Bundle entry (at any depth) or a contained resource.
func FuzzReleasePatient(f *testing.F) {
	addFixtures(f)
	for _, s := range []string{
		`{}`, `null`, `[]`, `{"resourceType":"Observation"}`,
		`{"resourceType":"Observation","subject":{"reference":"Patient/pat2"},"contained":[{"resourceType":"Patient","id":"f001"}]}`,
		`{"resourceType":"Observation","subject":{"reference":"https://x/fhir/Patient/f001/_history/1"}}`,
		`{"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:a","resource":{"resourceType":"Patient","id":"f001"}},{"resource":{"resourceType":"Observation","subject":{"reference":"urn:uuid:a"}}}]}`,
		`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Bundle","entry":[{"fullUrl":"Patient/f001","resource":{"resourceType":"Observation","subject":{"reference":"Patient/pat2"}}}]}}]}`,
		`{"resourceType":"Account","subject":[{"reference":"Patient/pat2"},{"reference":"Patient/f001"}]}`,
		`{"resourceType":"Coverage","beneficiary":{"reference":"Patient/f001"},"patient":{"reference":"Patient/pat2"}}`,
	} {
		f.Add([]byte(s))
	}
	p, err := disclosure.ParsePolicy([]byte(releasing))
	require.NoError(f, err)
	e, err := disclosure.New(p, disclosure.WithAudit(audit.Discard), disclosure.WithSubjectless("full"))
	require.NoError(f, err)
	r := pat2("provider")
	f.Fuzz(func(t *testing.T, data []byte) {
		var record map[string]any
		if json.Unmarshal(data, &record) != nil {
			return
		}
		rel, err := e.Release(context.Background(), r, record)
		if err != nil {
			if rel.Record != nil {
				t.Fatal("an error and a record")
			}
			return
		}
		if rel.Record == nil {
			return
		}
		if why := foreignIn(rel.Record, "pat2", nil, false); why != "" {
			t.Fatalf("released a record of another patient: %s", why)
		}
	})
}

// foreignIn reports where the resource res, or a resource in it, names a
// patient other than id; "" when none does. urls are the fullUrls of the
// Bundle res is an entry of.
func foreignIn(res map[string]any, id string, urls map[string]map[string]any, contained bool) string {
	typ, _ := res["resourceType"].(string)
	if typ == "Patient" && (contained || res["id"] != id) {
		return "a Patient resource"
	}
	for _, field := range []string{"subject", "patient", "beneficiary", "individual"} {
		var refs []any
		switch v := res[field].(type) {
		case map[string]any:
			refs = []any{v}
		case []any:
			refs = v
		case nil:
		default:
			return field + " of an unexpected type"
		}
		for _, x := range refs {
			m, _ := x.(map[string]any)
			s, _ := m["reference"].(string)
			if i := strings.LastIndex(s, "Patient/"); i >= 0 {
				rest := strings.SplitN(s[i+len("Patient/"):], "/", 2)[0]
				if rest != id {
					return field + " " + s
				}
				continue
			}
			target := urls[s]
			if target == nil || target["resourceType"] != "Patient" || target["id"] != id {
				return field + " " + s
			}
		}
	}
	if cs, ok := res["contained"].([]any); ok {
		for _, c := range cs {
			if cm, ok := c.(map[string]any); ok {
				if why := foreignIn(cm, id, urls, true); why != "" {
					return "contained: " + why
				}
			}
		}
	}
	if typ != "Bundle" {
		return ""
	}
	entries, _ := res["entry"].([]any)
	inner := map[string]map[string]any{}
	for _, en := range entries {
		em, _ := en.(map[string]any)
		u, _ := em["fullUrl"].(string)
		r, _ := em["resource"].(map[string]any)
		if u != "" && r != nil {
			inner[u] = r
		}
	}
	for _, en := range entries {
		em, _ := en.(map[string]any)
		if u, _ := em["fullUrl"].(string); strings.Contains(u, "Patient/") && !strings.HasSuffix(u, "Patient/"+id) {
			return "fullUrl " + u
		}
		if r, ok := em["resource"].(map[string]any); ok {
			if why := foreignIn(r, id, inner, false); why != "" {
				return "entry: " + why
			}
		}
	}
	return ""
}

// addFixtures adds every FHIR fixture of testdata/fhir to f's seed corpus.
func addFixtures(f *testing.F) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "fhir", "*.json"))
	require.NoError(f, err)
	require.NotEmpty(f, files)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data)
	}
}
