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

// TestReleaseLabelerMedicationReference checks that a prescription whose
// medicationReference names a buprenorphine Medication of the same Bundle
// stays home with it when substance use is withheld, however the reference
// is written, and that one naming a Medication not in the record stays
// home too.
func TestReleaseLabelerMedicationReference(t *testing.T) {
	const med = `{"resourceType":"Medication","id":"bupmed","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1819"}]}}`
	prescription := func(ref string) string {
		return `{"resourceType":"MedicationRequest","id":"mref","status":"active","intent":"order",
			"medicationReference":{"reference":"` + ref + `","display":"Suboxone 8 mg/2 mg film"},
			"reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M54.50"}]}],
			"subject":{"reference":"Patient/pat2"}}`
	}
	sensitive := func(rt, id string) disclosure.ResourceLabel {
		return disclosure.ResourceLabel{
			Resource: rt + "/" + id, Status: label.Sensitive,
			Categories: []consent.Category{"ETH", "OPIOIDUD"}, Complete: true, Withheld: true,
		}
	}
	tests := []struct {
		name   string
		ref    string
		labels []disclosure.ResourceLabel
	}{
		{"relative reference", "Medication/bupmed", []disclosure.ResourceLabel{sensitive("Medication", "bupmed"), sensitive("MedicationRequest", "mref")}},
		{"the entry's fullUrl", "urn:uuid:extra-0", []disclosure.ResourceLabel{sensitive("Medication", "bupmed"), sensitive("MedicationRequest", "mref")}},
		{"absolute URL", "https://ehr.example.org/fhir/Medication/bupmed", []disclosure.ResourceLabel{sensitive("Medication", "bupmed"), sensitive("MedicationRequest", "mref")}},
		{"a Medication not in the record", "Medication/elsewhere", []disclosure.ResourceLabel{
			sensitive("Medication", "bupmed"),
			{Resource: "MedicationRequest/mref", Status: label.Incomplete, Withheld: true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := insurerEngine(t, disclosure.WithSubjectless("full"))
			record := lipidsPlus(t, med, prescription(tt.ref))
			rel, err := e.Release(context.Background(), lipidsParty("insurer", "Organization/lifeco", consent.Coverage), record)
			require.NoError(t, err)
			require.NotNil(t, rel.Record, "the lipids results leave")
			assert.True(t, slices.Contains(rel.Resources, "Observation/cholesterol"))
			assert.False(t, slices.Contains(rel.Resources, "Medication/bupmed"))
			assert.False(t, slices.Contains(rel.Resources, "MedicationRequest/mref"))
			for _, c := range []consent.Category{"ETH", "OPIOIDUD"} {
				o, ok := rel.Decision.Outcome(c)
				require.True(t, ok, c)
				assert.NotEqual(t, consent.Permit, o.Effect, c)
			}
			assert.Equal(t, tt.labels, rel.Labels)
			out, err := json.Marshal(rel.Record)
			require.NoError(t, err)
			assert.NotContains(t, string(out), "Suboxone")
		})
	}
}
