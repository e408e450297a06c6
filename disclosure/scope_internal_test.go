package disclosure

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

func TestReadsOfTheCheckedAST(t *testing.T) {
	env, err := newEnv(nil)
	require.NoError(t, err)
	tests := []struct {
		when string
		want reads
	}{
		{`consent.permits`, readsPermits},
		{`consent .permits`, readsPermits},
		{`(consent). permits && category == "LAB"`, readsPermits | readsCategory},
		{`request.reason == "consent.permits category"`, 0},
		{`!consent.denies`, readsDenies},
		{`consent.opted_in || consent.scoped`, readsOptedIn | readsScoped},
		{`consent.id != ""`, readsConsentID},
		{`request.recipient.kind == "provider"`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			ast, iss := env.Compile(tt.when)
			require.NoError(t, iss.Err())
			assert.Equal(t, tt.want, readsOf(ast))
		})
	}
}

func TestCacheSlotsFromReferences(t *testing.T) {
	p, err := ParsePolicy([]byte(`
policy: slots
rules:
  - {id: by-text, effect: deny, when: 'request.reason == "category and consent"'}
  - {id: spaced, effect: permit, basis: b, view: full, when: 'consent .permits'}
  - {id: cat, effect: permit, basis: b, view: full, when: 'category == "LAB"'}
`))
	require.NoError(t, err)
	e, err := New(p, WithAudit(discardSink{}))
	require.NoError(t, err)
	assert.Equal(t, 1, e.slots, "only the rule that reads neither category nor consent is cached")
	assert.GreaterOrEqual(t, e.denies[0].slot, 0, "a word in a string literal is no reference")
	assert.Equal(t, -1, e.permits[0].slot)
	assert.Equal(t, -1, e.permits[1].slot)
}

// FuzzScope checks the rule of scoped permits: whatever the Bundle, every
// entry released is inside the scope, and every entry withheld is named.
func FuzzScope(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte{1, 1, 1, 9, 200, 17, 33})
	f.Add([]byte{})
	types := []string{"Observation", "DiagnosticReport", "Patient", "MedicationRequest", "Specimen"}
	codes := []string{"35200-5", "2571-8", "718-7", ""}
	dates := []string{"2025-06-01", "2026-02-03T10:00:00Z", "", "not a date"}
	scopes := []*consent.Scope{
		{Include: []consent.Limit{{Classes: []consent.Coding{{System: systemResourceTypes, Code: "Observation"}}}}},
		{Include: []consent.Limit{{Codes: []consent.Coding{{System: "http://loinc.org", Code: "35200-5"}}}}},
		{Include: []consent.Limit{{Data: []consent.DataRef{{Meaning: "instance", Reference: "Observation/e1"}}}}},
		{Include: []consent.Limit{{DataPeriod: consent.Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}}},
		{Exclude: []consent.Limit{{Codes: []consent.Coding{{System: "http://loinc.org", Code: "718-7"}}}}},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64 {
			data = data[:64]
		}
		var entries []any
		for i, b := range data {
			res := map[string]any{"resourceType": types[int(b)%len(types)], "id": "e" + strconv.Itoa(i)}
			if c := codes[int(b>>3)%len(codes)]; c != "" {
				res["code"] = map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": c}}}
			}
			if d := dates[int(b>>5)%len(dates)]; d != "" {
				res["effectiveDateTime"] = d
			}
			entries = append(entries, map[string]any{"resource": res})
		}
		for _, s := range scopes {
			d := &Decision{Outcomes: []Outcome{{Category: "LAB", Effect: consent.Permit, Scope: s}}}
			record := map[string]any{"resourceType": "Bundle", "entry": entries, "total": len(entries)}
			out, err := applyScopes(d, record)
			require.NoError(t, err)
			require.NotNil(t, out)
			kept, _ := out["entry"].([]any)
			for _, e := range kept {
				res := e.(map[string]any)["resource"].(map[string]any)
				require.True(t, inScope(s, res), "released outside the scope: %v", res)
			}
			require.Len(t, d.Outcomes[0].Withheld, len(entries)-len(kept), "every entry withheld is named")
			require.Equal(t, len(kept), out["total"])
		}
	})
}

type discardSink struct{}

func (discardSink) Emit(context.Context, audit.Event) error { return nil }
