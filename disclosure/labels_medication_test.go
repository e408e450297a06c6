package disclosure_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/label"
)

// lipidsPlus returns the lipids Bundle with the given resources (JSON)
// appended as entries with fullUrls "urn:uuid:extra-0", "urn:uuid:extra-1", ...
func lipidsPlus(t testing.TB, resources ...string) map[string]any {
	t.Helper()
	b := readRecord(t, "testdata/fhir/Bundle-lipids.json")
	entries := b["entry"].([]any)
	for i, s := range resources {
		var res map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &res), s)
		entries = append(entries, map[string]any{"fullUrl": fmt.Sprintf("urn:uuid:extra-%d", i), "resource": res})
	}
	b["entry"] = entries
	return b
}

// insurerEngine returns an engine on the built-in policy with the shipped
// labeler and the lipids patient's general authorization to a life
// insurer, which covers ordinary data but no protected category.
func insurerEngine(t testing.TB, opts ...disclosure.Option) *disclosure.Engine {
	t.Helper()
	store := consent.NewMemoryStore()
	require.NoError(t, store.Put(context.Background(), generalAuthorization()))
	return labelEngine(t, nil, append([]disclosure.Option{disclosure.WithConsents(store)}, opts...)...)
}

// TestReleaseLabelerClinicalDrugUnchecked checks that a prescription
// coded with an RxNorm clinical or branded drug, which the shipped
// ingredient sets do not list, is not taken for a harmless one: it stays
// home while a protected category is withheld.
func TestReleaseLabelerClinicalDrugUnchecked(t *testing.T) {
	for _, rxcui := range []string{"351264", "1010600"} {
		t.Run(rxcui, func(t *testing.T) {
			e := insurerEngine(t)
			record := lipidsPlus(t, `{"resourceType":"MedicationRequest","id":"rx","status":"active","intent":"order",
				"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"`+rxcui+`"}]},
				"subject":{"reference":"Patient/pat2"}}`)
			rel, err := e.Release(context.Background(), lipidsParty("insurer", "Organization/lifeco", consent.Coverage), record)
			require.NoError(t, err)
			require.NotNil(t, rel.Record, "the lipids results leave")
			assert.False(t, slices.Contains(rel.Resources, "MedicationRequest/rx"))
			assert.True(t, slices.Contains(rel.Resources, "Observation/cholesterol"))
			assert.Equal(t, []disclosure.ResourceLabel{{
				Resource: "MedicationRequest/rx", Status: label.Incomplete, Withheld: true,
			}}, rel.Labels)
		})
	}
}
