package label_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

func TestClassifyRecords(t *testing.T) {
	tests := []struct {
		file       string
		status     label.Status
		categories []string
		codes      []string // the codes of the findings, in order
	}{
		{"Bundle-lipids.json", label.Normal, nil, nil},
		{"Observation-hiv-viral-load.json", label.Sensitive, []string{"HIV"}, []string{"20447-9"}},
		{"MedicationRequest-buprenorphine.json", label.Sensitive, []string{"ETH", "OPIOIDUD"}, []string{"1819", "1819"}},
		{"Observation-brca.json", label.Sensitive, []string{"GDIS"}, []string{"59041-4"}},
		{"Condition-opioid-use.json", label.Sensitive, []string{"ETH", "OPIOIDUD"}, []string{"F11.20", "F11.20"}},
		{"Condition-nicotine.json", label.Normal, nil, nil},
		{"MedicationRequest-acyclovir.json", label.Incomplete, nil, nil},     // not HIV; the RxNorm sets are partial
		{"MedicationRequest-cotrimoxazole.json", label.Incomplete, nil, nil}, // not HIV; the RxNorm sets are partial
		{"Observation-panel-hiv-component.json", label.Sensitive, []string{"HIV"}, []string{"56888-1"}},
		{"Observation-text-only.json", label.Incomplete, nil, nil},
		{"Patient-example.json", label.Uncoded, nil, nil},
		{"Condition-f202.json", label.Incomplete, nil, nil},                          // SNOMED CT only: not covered by the shipped sets
		{"Bundle-f001.json", label.Incomplete, nil, nil},                             // SNOMED CT specimen and body site
		{"Bundle-ghp.json", label.Incomplete, nil, nil},                              // local lab codes and SNOMED CT specimen types
		{"extension-inline-sec-label-immunization.json", label.Incomplete, nil, nil}, // CVX is not covered
		{"Bundle-mixed.json", label.Sensitive, []string{"ETH", "GDIS", "HIV", "OPIOIDUD"}, []string{"20447-9", "F11.20", "F11.20", "59041-4"}},
	}
	l := label.Default()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rec := load(t, tt.file)
			before := clone(t, rec)
			rep, err := l.Classify(rec)
			require.NoError(t, err)
			assert.Equal(t, tt.status, rep.Status())
			assert.Equal(t, tt.categories, rep.Categories())
			var codes []string
			for _, r := range rep.Resources {
				for _, f := range r.Findings {
					codes = append(codes, f.Code)
				}
			}
			assert.Equal(t, tt.codes, codes)
			assert.Equal(t, before, rec, "Classify modified the record")
		})
	}
}

func TestClassifyLipidsEveryResourceNormal(t *testing.T) {
	rep, err := label.Default().Classify(load(t, "Bundle-lipids.json"))
	require.NoError(t, err)
	require.Len(t, rep.Resources, 5)
	for _, r := range rep.Resources {
		assert.Equal(t, label.Normal, r.Status(), r.Path)
		assert.True(t, r.Complete(), r.Path)
		assert.Positive(t, r.Checked, r.Path)
	}
	assert.Equal(t, "entry[0].resource", rep.Resources[0].Path)
	assert.Equal(t, "DiagnosticReport", rep.Resources[0].ResourceType)
	assert.Equal(t, "lipids", rep.Resources[0].ID)
}

func TestClassifyGHPPerResource(t *testing.T) {
	rep, err := label.Default().Classify(load(t, "Bundle-ghp.json"))
	require.NoError(t, err)
	counts := map[label.Status]int{}
	for _, r := range rep.Resources {
		counts[r.Status()]++
		if r.ResourceType == "Specimen" {
			assert.Equal(t, label.Incomplete, r.Status(), "SNOMED CT specimen types are not covered")
		}
	}
	assert.Equal(t, label.Incomplete, rep.Resources[0].Status(), "the report's code is a local code")
	assert.Positive(t, counts[label.Normal], "LOINC-coded observations are checked")
	assert.Zero(t, counts[label.Sensitive])
}

func TestClassifyFindingDetail(t *testing.T) {
	rep, err := label.Default().Classify(load(t, "Bundle-mixed.json"))
	require.NoError(t, err)
	require.Len(t, rep.Resources, 4, "the DELETE entry has no resource; the nested Bundle's entry is flattened")
	assert.Equal(t, label.Finding{
		Category: "HIV", System: "http://loinc.org", Code: "20447-9",
		ValueSet: "hiv-loinc@2026.12", Path: "code.coding[0]",
	}, rep.Resources[0].Findings[0])
	assert.Equal(t, "entry[3].resource.entry[0].resource", rep.Resources[3].Path)
	assert.Equal(t, []string{"GDIS"}, rep.Resources[3].Categories())
	assert.Empty(t, rep.Resources[1].Categories(), "acyclovir is not HIV")
	assert.Equal(t, label.Incomplete, rep.Resources[1].Status(), "the RxNorm sets are partial: an unlisted drug is unchecked")
}

func TestClassifyUnchecked(t *testing.T) {
	tests := []struct {
		name   string
		rec    map[string]any
		status label.Status
		want   []label.Unchecked
	}{
		{
			name:   "text only",
			rec:    map[string]any{"resourceType": "Observation", "code": map[string]any{"text": "HIV"}},
			status: label.Incomplete,
			want:   []label.Unchecked{{Path: "code", Reason: "text only"}},
		},
		{
			name: "no system",
			rec: map[string]any{"resourceType": "Condition", "code": map[string]any{
				"coding": []any{map[string]any{"code": "B20"}}}},
			status: label.Incomplete,
			want:   []label.Unchecked{{Path: "code.coding[0]", Reason: "no system"}},
		},
		{
			name: "no code",
			rec: map[string]any{"resourceType": "Observation", "code": map[string]any{
				"coding": []any{map[string]any{"system": "http://loinc.org", "display": "HIV 1 RNA"}}}},
			status: label.Incomplete,
			want:   []label.Unchecked{{Path: "code.coding[0]", System: "http://loinc.org", Reason: "no code"}},
		},
		{
			name: "system not covered",
			rec: map[string]any{"resourceType": "Condition", "code": map[string]any{
				"coding": []any{map[string]any{"system": "http://hl7.org/fhir/sid/icd-10", "code": "B20"}}}},
			status: label.Incomplete,
			want:   []label.Unchecked{{Path: "code.coding[0]", System: "http://hl7.org/fhir/sid/icd-10", Reason: "system not covered"}},
		},
		{
			name: "a covered code with an unchecked one is sensitive but not complete",
			rec: map[string]any{"resourceType": "Condition", "code": map[string]any{"coding": []any{
				map[string]any{"system": "http://snomed.info/sct", "code": "86406008"},
				map[string]any{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "B20"}}}},
			status: label.Sensitive,
			want:   []label.Unchecked{{Path: "code.coding[0]", System: "http://snomed.info/sct", Reason: "system not covered"}},
		},
		{
			name: "neutral codes only",
			rec: map[string]any{"resourceType": "Encounter", "status": "finished", "type": []any{map[string]any{
				"coding": []any{map[string]any{"system": "http://terminology.hl7.org/CodeSystem/encounter-type", "code": "ADMS"}}}}},
			status: label.Uncoded,
		},
		{
			name: "existing labels in meta are not read",
			rec: map[string]any{"resourceType": "Patient", "meta": map[string]any{"security": []any{
				map[string]any{"system": "http://example.org/local", "code": "X"}}}},
			status: label.Uncoded,
		},
		{
			name: "a quantity is not a coding",
			rec: map[string]any{"resourceType": "MedicationRequest", "dispenseRequest": map[string]any{"quantity": map[string]any{
				"value": 1.0, "system": "http://example.org/units", "code": "x"}}},
			status: label.Uncoded,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(tt.rec)
			require.NoError(t, err)
			require.Len(t, rep.Resources, 1)
			assert.Equal(t, tt.status, rep.Resources[0].Status())
			assert.Equal(t, tt.want, rep.Resources[0].Unchecked)
			assert.False(t, rep.Resources[0].Complete())
		})
	}
}

func TestClassifyMatching(t *testing.T) {
	tests := []struct {
		system, code string
		want         []string
	}{
		{"http://hl7.org/fhir/sid/icd-10-cm", "B20", []string{"HIV"}},
		{"urn:oid:2.16.840.1.113883.6.90", "b20", []string{"HIV"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "O98.711", []string{"HIV"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "O98711", []string{"HIV"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "O98.6", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F10.20", []string{"ETH", "ETHUD"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F11.20", []string{"ETH", "OPIOIDUD"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F17.210", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F19.10", []string{"ETH"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F20.9", []string{"PSY"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F32.A", []string{"PSY"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F64.0", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F03.90", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F84.0", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "Z15.01", []string{"GDIS"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "A54.00", []string{"STD"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "A65", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "O03.9", []string{"SEX"}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "B2", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "", nil},
		{"http://loinc.org", "20447-9", []string{"HIV"}},
		{"urn:oid:2.16.840.1.113883.6.1", "56888-1", []string{"HIV"}},
		{"http://loinc.org", "20447", nil},
		{"http://loinc.org", "2085-9", nil},
		{"http://loinc.org", "21613-5", []string{"STD"}},
		{"http://www.nlm.nih.gov/research/umls/rxnorm", "1819", []string{"ETH", "OPIOIDUD"}},
		{"http://www.nlm.nih.gov/research/umls/rxnorm", "7243", []string{"ETH"}},
		{"http://www.nlm.nih.gov/research/umls/rxnorm", "1433868", []string{"HIV"}},
		{"http://www.nlm.nih.gov/research/umls/rxnorm", "281", nil},   // acyclovir
		{"http://www.nlm.nih.gov/research/umls/rxnorm", "10180", nil}, // sulfamethoxazole
		{"http://snomed.info/sct", "86406008", nil},
	}
	l := label.Default()
	for _, tt := range tests {
		t.Run(tt.system+"|"+tt.code, func(t *testing.T) {
			assert.Equal(t, tt.want, l.Categories(tt.system, tt.code))
		})
	}
	assert.True(t, l.Covers("urn:oid:2.16.840.1.113883.6.88"))
	assert.False(t, l.Covers("http://snomed.info/sct"))
}

func TestClassifyRejects(t *testing.T) {
	deep := map[string]any{"resourceType": "Observation"}
	cur := deep
	for range label.MaxDepth + 1 {
		next := map[string]any{}
		cur["x"] = next
		cur = next
	}
	tests := []struct {
		name string
		rec  map[string]any
		path string
	}{
		{"nil", nil, ""},
		{"no resourceType", map[string]any{"id": "x"}, ""},
		{"entry not an array", map[string]any{"resourceType": "Bundle", "entry": map[string]any{}}, "entry"},
		{"entry not an object", map[string]any{"resourceType": "Bundle", "entry": []any{"x"}}, "entry[0]"},
		{"resource not an object", map[string]any{"resourceType": "Bundle", "entry": []any{map[string]any{"resource": "x"}}}, "entry[0].resource"},
		{"entry resource without type", map[string]any{"resourceType": "Bundle", "entry": []any{map[string]any{"resource": map[string]any{}}}}, "entry[0].resource"},
		{"Go type encoding/json never produces", map[string]any{"resourceType": "Observation", "code": map[string]string{"text": "HIV"}}, "code"},
		{"too deep", deep, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := label.Default().Classify(tt.rec)
			require.Error(t, err)
			assert.ErrorIs(t, err, label.ErrInvalidRecord)
			var re *label.RecordError
			require.ErrorAs(t, err, &re)
			if tt.name == "too deep" {
				assert.True(t, strings.HasPrefix(re.Path, "x.x.x."), "the path of the deep element: %s", re.Path)
			} else {
				assert.Equal(t, tt.path, re.Path)
			}
			_, _, lerr := label.Default().Label(tt.rec)
			assert.ErrorIs(t, lerr, label.ErrInvalidRecord, "Label refuses it too")
			assert.Equal(t, err.Error(), lerr.Error(), "and says where")
		})
	}
}

func TestStatusString(t *testing.T) {
	assert.Equal(t, "uncoded", label.Status(0).String())
	assert.Equal(t, "incomplete", label.Incomplete.String())
	assert.Equal(t, "normal", label.Normal.String())
	assert.Equal(t, "sensitive", label.Sensitive.String())
	assert.Equal(t, label.Uncoded, label.Report{}.Status())
}

func TestClassifyGoValues(t *testing.T) {
	rec := map[string]any{
		"resourceType": "Observation",
		"valueInteger": 3,
		"code": map[string]any{"coding": []any{
			map[string]any{"system": "http://loinc.org", "code": "20447-9", "userSelected": true},
		}},
	}
	rep, err := label.Default().Classify(rec)
	require.NoError(t, err, "Go numbers are scalars, as in minimize")
	assert.Equal(t, []string{"HIV"}, rep.Categories())
	assert.True(t, rep.Resources[0].Complete())
}
