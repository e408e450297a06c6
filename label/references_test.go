package label_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/internal/codesys"
	"github.com/custodianhq/custodian/label"
)

// buprenorphine is a Medication coded with the RxNorm ingredient 1819.
const buprenorphine = `{"resourceType":"Medication","id":"bupmed","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1819"}]}}`

// prescription returns a MedicationRequest whose medicationReference is
// ref (JSON), with a checked, non-sensitive reason.
func prescription(ref string) string {
	return `{"resourceType":"MedicationRequest","id":"mref","status":"active","intent":"order",
		"medicationReference":` + ref + `,
		"reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M54.50"}]}],
		"subject":{"reference":"Patient/p"}}`
}

// bundleOf returns a collection Bundle of the given entries (JSON).
func bundleOf(entries ...string) string {
	return `{"resourceType":"Bundle","type":"collection","entry":[` + strings.Join(entries, ",") + `]}`
}

// entry returns a Bundle entry (JSON) of fullUrl and resource.
func entry(fullURL, resource string) string {
	return `{"fullUrl":"` + fullURL + `","resource":` + resource + `}`
}

// resultOf returns the result of the resource of type rt.
func resultOf(t testing.TB, rep label.Report, rt string) label.Result {
	t.Helper()
	for _, r := range rep.Resources {
		if r.ResourceType == rt {
			return r
		}
	}
	require.Failf(t, "no result", "no %s in the report", rt)
	return label.Result{}
}

func TestClassifyMedicationReferenceResolved(t *testing.T) {
	med := entry("urn:uuid:med-1", buprenorphine)
	tests := []struct {
		name   string
		record string
	}{
		{"relative reference", bundleOf(med, entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed","display":"Suboxone"}`)))},
		{"reference before the Medication", bundleOf(entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed"}`)), med)},
		{"the entry's fullUrl", bundleOf(med, entry("urn:uuid:mr-1", prescription(`{"reference":"urn:uuid:med-1"}`)))},
		{"absolute URL", bundleOf(med, entry("urn:uuid:mr-1", prescription(`{"reference":"https://ehr.example.org/fhir/Medication/bupmed"}`)))},
		{"versioned reference", bundleOf(med, entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed/_history/3"}`)))},
		{"absolute fullUrl of a Medication without id", bundleOf(
			entry("https://ehr.example.org/fhir/Medication/m7", strings.Replace(buprenorphine, `"id":"bupmed",`, "", 1)),
			entry("https://ehr.example.org/fhir/MedicationRequest/mref", prescription(`{"reference":"Medication/m7"}`)))},
		{"Medication in a nested Bundle", bundleOf(
			entry("urn:uuid:inner", bundleOf(med)),
			entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed"}`)))},
		{"prescription in a nested Bundle", bundleOf(
			med,
			entry("urn:uuid:inner", bundleOf(entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed"}`)))))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(decode(t, tt.record))
			require.NoError(t, err)
			require.Len(t, rep.Resources, 2)
			med := resultOf(t, rep, "Medication")
			assert.Equal(t, []string{"ETH", "OPIOIDUD"}, med.Categories())
			mr := resultOf(t, rep, "MedicationRequest")
			assert.Equal(t, label.Sensitive, mr.Status())
			assert.Equal(t, []string{"ETH", "OPIOIDUD"}, mr.Categories())
			assert.True(t, mr.Complete(), "%+v", mr.Unchecked)
			assert.Equal(t, 2, mr.Checked, "its reason and its medication's code")
			for _, f := range mr.Findings {
				assert.Equal(t, "medicationReference", f.Path)
				assert.Equal(t, "1819", f.Code)
				assert.Equal(t, codesys.RxNorm, f.System)
			}
		})
	}
}

func TestClassifyMedicationReferenceUnresolved(t *testing.T) {
	notInRecord := []label.Unchecked{{Path: "medicationReference", Reason: "medication not in the record"}}
	tests := []struct {
		name   string
		record string
		want   []label.Unchecked // of the MedicationRequest
	}{
		{"another Medication", bundleOf(entry("urn:uuid:med-1", buprenorphine), entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/other"}`))), notInRecord},
		{"a resource alone", prescription(`{"reference":"Medication/bupmed"}`), notInRecord},
		{"display only", bundleOf(entry("urn:uuid:mr-1", prescription(`{"display":"Suboxone 8 mg/2 mg film"}`))), notInRecord},
		{"not an object", bundleOf(entry("urn:uuid:med-1", buprenorphine), entry("urn:uuid:mr-1", prescription(`"Medication/bupmed"`))), notInRecord},
		{"an absolute URL of another type", bundleOf(entry("urn:uuid:med-1", buprenorphine), entry("urn:uuid:mr-1", prescription(`{"reference":"https://ehr.example.org/fhir/Substance/bupmed"}`))), notInRecord},
		{"itself", bundleOf(entry("urn:uuid:mr-1", prescription(`{"reference":"urn:uuid:mr-1"}`))), notInRecord},
		{"a clinical drug the shipped sets do not list", bundleOf(
			entry("urn:uuid:med-1", strings.Replace(buprenorphine, `"1819"`, `"351264"`, 1)),
			entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed"}`))),
			[]label.Unchecked{{Path: "medicationReference", System: codesys.RxNorm, Reason: "not in a partial value set"}}},
		{"a Medication with no code", bundleOf(
			entry("urn:uuid:med-1", `{"resourceType":"Medication","id":"bupmed","status":"active"}`),
			entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed"}`))),
			[]label.Unchecked{{Path: "medicationReference", Reason: "medication has no code"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(decode(t, tt.record))
			require.NoError(t, err)
			mr := resultOf(t, rep, "MedicationRequest")
			assert.Equal(t, label.Incomplete, mr.Status())
			assert.Empty(t, mr.Findings)
			assert.Equal(t, tt.want, mr.Unchecked)
		})
	}
}

// TestClassifyMedicationReferenceContained checks that a reference to a
// contained Medication is read in place, as before.
func TestClassifyMedicationReferenceContained(t *testing.T) {
	rec := decode(t, `{"resourceType":"MedicationRequest","id":"mc","contained":[`+buprenorphine+`],
		"medicationReference":{"reference":"#bupmed"}}`)
	rep, err := label.Default().Classify(rec)
	require.NoError(t, err)
	require.Len(t, rep.Resources, 1)
	r := rep.Resources[0]
	assert.Equal(t, label.Sensitive, r.Status())
	assert.True(t, r.Complete())
	for _, f := range r.Findings {
		assert.Equal(t, "contained[0].code.coding[0]", f.Path)
	}
}

// TestClassifyMedicationReferenceNormal checks that a prescription whose
// only code is that of its Medication is as known as the Medication: with
// a complete RxNorm list, Normal rather than Uncoded.
func TestClassifyMedicationReferenceNormal(t *testing.T) {
	l, err := label.New([]label.ValueSet{formulary})
	require.NoError(t, err)
	rec := decode(t, bundleOf(
		entry("urn:uuid:med-1", strings.Replace(buprenorphine, `"1819"`, `"197361"`, 1)),
		entry("urn:uuid:mr-1", `{"resourceType":"MedicationRequest","id":"mref","medicationReference":{"reference":"Medication/bupmed"}}`)))
	rep, err := l.Classify(rec)
	require.NoError(t, err)
	mr := resultOf(t, rep, "MedicationRequest")
	assert.Equal(t, label.Normal, mr.Status())
	assert.Equal(t, 1, mr.Checked)
}

func TestLabelMedicationReference(t *testing.T) {
	rec := decode(t, bundleOf(
		entry("urn:uuid:med-1", buprenorphine),
		entry("urn:uuid:mr-1", prescription(`{"reference":"Medication/bupmed"}`))))
	out, lab, err := label.Default().Label(rec)
	require.NoError(t, err)
	assert.Equal(t, []label.Added{
		{Path: "entry[0].resource", Code: "ETH"},
		{Path: "entry[0].resource", Code: "OPIOIDUD"},
		{Path: "entry[1].resource", Code: "ETH"},
		{Path: "entry[1].resource", Code: "OPIOIDUD"},
	}, lab.Added)
	mr := out["entry"].([]any)[1].(map[string]any)["resource"].(map[string]any)
	assert.Len(t, mr["meta"].(map[string]any)["security"], 2)
	_, inline := mr["medicationReference"].(map[string]any)["extension"]
	assert.False(t, inline, "the reference gets no inline label")
}
