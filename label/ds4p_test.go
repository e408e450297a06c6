package label_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

const actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

// securityCodes returns the ActCode codes in m's meta.security.
func securityCodes(t testing.TB, m map[string]any) []string {
	t.Helper()
	meta, _ := m["meta"].(map[string]any)
	sec, _ := meta["security"].([]any)
	var out []string
	for _, s := range sec {
		c := s.(map[string]any)
		if c["system"] == actCode {
			out = append(out, c["code"].(string))
		}
	}
	return out
}

// inlineCodes returns the codes of m's DS4P inline labels.
func inlineCodes(t testing.TB, m map[string]any) []string {
	t.Helper()
	ext, _ := m["extension"].([]any)
	var out []string
	for _, e := range ext {
		em := e.(map[string]any)
		if em["url"] == label.InlineLabelURL {
			out = append(out, em["valueCoding"].(map[string]any)["code"].(string))
		}
	}
	return out
}

func TestLabelCopiesAndAddsSecurity(t *testing.T) {
	rec := load(t, "Bundle-mixed.json")
	before := clone(t, rec)
	out, lab, err := label.Default().Label(rec)
	require.NoError(t, err)
	assert.Equal(t, before, rec, "Label never modifies the caller's record")

	entries := out["entry"].([]any)
	res := func(i int) map[string]any { return entries[i].(map[string]any)["resource"].(map[string]any) }
	assert.Equal(t, []string{"HIV"}, securityCodes(t, res(0)))
	assert.Nil(t, res(1)["meta"], "acyclovir: no label, no meta added")
	assert.Equal(t, []string{"ETH", "OPIOIDUD"}, securityCodes(t, res(2)))
	inner := res(3)["entry"].([]any)[0].(map[string]any)["resource"].(map[string]any)
	assert.Equal(t, []string{"GDIS"}, securityCodes(t, inner))
	assert.Nil(t, securityCodes(t, res(3)), "a Bundle is not labelled itself")

	assert.Equal(t, []label.Added{
		{Path: "entry[0].resource", Code: "HIV"},
		{Path: "entry[2].resource", Code: "ETH"},
		{Path: "entry[2].resource", Code: "OPIOIDUD"},
		{Path: "entry[3].resource.entry[0].resource", Code: "GDIS"},
	}, lab.Added)
	assert.Equal(t, []string{"ETH", "GDIS", "HIV", "OPIOIDUD"}, lab.Report.Categories())
}

func TestLabelInPlaceIsIdempotentAndKeepsLabels(t *testing.T) {
	rec := load(t, "Observation-hiv-viral-load.json")
	rec["meta"] = map[string]any{"security": []any{
		map[string]any{"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"},
		map[string]any{"system": "urn:oid:2.16.840.1.113883.5.4", "code": "HIV"},
	}}
	lab, err := label.Default().LabelInPlace(rec)
	require.NoError(t, err)
	assert.Empty(t, lab.Added, "HIV is already there, written with the ActCode OID")
	assert.Len(t, rec["meta"].(map[string]any)["security"], 2, "no label removed, none duplicated")

	rec = load(t, "Observation-brca.json")
	first, err := label.Default().LabelInPlace(rec)
	require.NoError(t, err)
	assert.Len(t, first.Added, 1)
	again, err := label.Default().LabelInPlace(rec)
	require.NoError(t, err)
	assert.Empty(t, again.Added)
	assert.Equal(t, []string{"GDIS"}, securityCodes(t, rec))
	assert.Equal(t, label.Sensitive, again.Report.Status(), "the resource's own label is not read as a code")
}

func TestLabelInlineComponent(t *testing.T) {
	rec := load(t, "Observation-panel-hiv-component.json")
	lab, err := label.Default().LabelInPlace(rec)
	require.NoError(t, err)
	assert.Equal(t, []string{"HIV", "PROCESSINLINELABEL"}, securityCodes(t, rec))
	comps := rec["component"].([]any)
	assert.Nil(t, inlineCodes(t, comps[0].(map[string]any)), "the HDL component is not sensitive")
	assert.Equal(t, []string{"HIV"}, inlineCodes(t, comps[1].(map[string]any)))
	assert.Equal(t, []label.Added{
		{Path: "", Code: "HIV"},
		{Path: "component[1]", Code: "HIV", Inline: true},
		{Path: "", Code: label.ProcessInlineLabel},
	}, lab.Added)

	again, err := label.Default().LabelInPlace(rec)
	require.NoError(t, err)
	assert.Empty(t, again.Added, "inline labels are not duplicated")
	assert.Equal(t, []string{"56888-1"}, []string{again.Report.Resources[0].Findings[0].Code}, "an inline label is not read as a code")
}

func TestLabelInlineRule(t *testing.T) {
	hiv := func() map[string]any {
		return map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "20447-9"}}}
	}
	tests := []struct {
		name   string
		rec    map[string]any
		inline []string // paths of inline labels expected
	}{
		{"the resource's own code", map[string]any{"resourceType": "Observation", "code": hiv()}, nil},
		{"one of several categories", map[string]any{"resourceType": "Observation", "category": []any{hiv()}}, nil},
		{"one reason of several", map[string]any{"resourceType": "ServiceRequest", "reasonCode": []any{hiv()}}, nil},
		{"one item of a response", map[string]any{"resourceType": "QuestionnaireResponse", "item": []any{
			map[string]any{"linkId": "1"},
			map[string]any{"linkId": "2", "answer": []any{map[string]any{"valueCoding": hiv()["coding"].([]any)[0]}}},
		}}, []string{"item[1]"}},
		{"one condition of a family history", map[string]any{"resourceType": "FamilyMemberHistory", "condition": []any{
			map[string]any{"code": hiv()},
		}}, []string{"condition[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lab, err := label.Default().LabelInPlace(tt.rec)
			require.NoError(t, err)
			var inline []string
			for _, a := range lab.Added {
				if a.Inline {
					inline = append(inline, a.Path)
				}
			}
			assert.Equal(t, tt.inline, inline)
			want := []string{"HIV"}
			if inline != nil {
				want = append(want, label.ProcessInlineLabel)
			}
			assert.Equal(t, want, securityCodes(t, tt.rec), "the resource is always labelled")
		})
	}
}

func TestLabelContainedResource(t *testing.T) {
	rec := map[string]any{
		"resourceType": "MedicationRequest",
		"contained": []any{map[string]any{
			"resourceType": "Medication", "id": "m",
			"code": map[string]any{"coding": []any{map[string]any{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "195085"}}},
		}},
		"medicationReference": map[string]any{"reference": "#m"},
	}
	lab, err := label.Default().LabelInPlace(rec)
	require.NoError(t, err)
	assert.Equal(t, []string{"HIV"}, securityCodes(t, rec))
	med := rec["contained"].([]any)[0].(map[string]any)
	assert.Equal(t, []string{"HIV"}, securityCodes(t, med), "a contained resource takes the label in its own meta")
	assert.Nil(t, inlineCodes(t, med))
	assert.Equal(t, []label.Added{{Path: "", Code: "HIV"}, {Path: "contained[0]", Code: "HIV"}}, lab.Added)
}

func TestLabelRefusesUnlabellableShapesWithoutChange(t *testing.T) {
	hivCode := map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": "20447-9"}}}
	tests := []struct {
		name string
		rec  map[string]any
		path string
	}{
		{"meta not an object", map[string]any{"resourceType": "Observation", "meta": "x", "code": hivCode}, "meta"},
		{"security not an array", map[string]any{"resourceType": "Observation", "meta": map[string]any{"security": "x"}, "code": hivCode}, "meta.security"},
		{"extension not an array", map[string]any{"resourceType": "Observation", "component": []any{
			map[string]any{"code": hivCode, "extension": "x"}}}, "component[0].extension"},
		{"contained meta not an object", map[string]any{"resourceType": "Observation", "contained": []any{
			map[string]any{"resourceType": "Observation", "meta": 1.0, "code": hivCode}}}, "contained[0].meta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := clone(t, tt.rec)
			_, err := label.Default().LabelInPlace(tt.rec)
			require.Error(t, err)
			assert.ErrorIs(t, err, label.ErrInvalidRecord)
			var re *label.RecordError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.path, re.Path)
			assert.Equal(t, before, tt.rec, "nothing modified")
			_, _, err = label.Default().Label(tt.rec)
			assert.ErrorIs(t, err, label.ErrInvalidRecord)
		})
	}
	_, _, err := label.Default().Label(nil)
	assert.ErrorIs(t, err, label.ErrInvalidRecord)
	_, err = label.Default().LabelInPlace(map[string]any{})
	assert.ErrorIs(t, err, label.ErrInvalidRecord)
}
