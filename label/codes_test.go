package label_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

const (
	icd    = "http://hl7.org/fhir/sid/icd-10-cm"
	loinc  = "http://loinc.org"
	rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
	snomed = "http://snomed.info/sct"
)

// coded returns a Condition whose code holds one Coding of system and code.
func coded(system string, code any) map[string]any {
	return map[string]any{"resourceType": "Condition", "code": map[string]any{
		"coding": []any{map[string]any{"system": system, "code": code}}}}
}

func TestClassifyPaddedCodes(t *testing.T) {
	tests := []struct {
		system, code string
		want         []string
	}{
		{icd, "B20 ", []string{"HIV"}},
		{icd, "B20       ", []string{"HIV"}}, // a CHAR column's padding
		{icd, " Z21", []string{"HIV"}},
		{icd, " F11.20", []string{"ETH", "OPIOIDUD"}},
		{icd, "F11.20 ", []string{"ETH", "OPIOIDUD"}},
		{icd, "\tb20.\r\n", []string{"HIV"}},
		{loinc, "20447-9 ", []string{"HIV"}},
		{rxnorm, "1819 ", []string{"ETH", "OPIOIDUD"}},
	}
	l := label.Default()
	for _, tt := range tests {
		t.Run(tt.system+"|"+tt.code, func(t *testing.T) {
			rep, err := l.Classify(coded(tt.system, tt.code))
			require.NoError(t, err)
			require.Len(t, rep.Resources, 1)
			r := rep.Resources[0]
			assert.Equal(t, label.Sensitive, r.Status())
			assert.Equal(t, tt.want, r.Categories())
			assert.True(t, r.Complete(), "%+v", r.Unchecked)
			require.NotEmpty(t, r.Findings)
			assert.Equal(t, strings.Trim(tt.code, " \t\r\n"), r.Findings[0].Code, "a finding names the code without its padding")
		})
	}
}

func TestClassifyMalformedCodes(t *testing.T) {
	hostSnomed, err := label.New(append(label.Shipped(), label.ValueSet{
		Name: "hiv-snomed", Version: "1", Categories: []string{"HIV"}, System: snomed,
		Source: "s", License: "l", Include: []label.Pattern{{Code: "86406008"}},
	}, label.ValueSet{
		Name: "hiv-local", Version: "1", Categories: []string{"HIV"}, System: "http://example.org/local",
		Source: "s", License: "l", Include: []label.Pattern{{Code: "X1"}},
	}))
	require.NoError(t, err)
	tests := []struct {
		system string
		code   any
	}{
		{loinc, ""},
		{loinc, "   "},
		{loinc, "204479"},    // no dash
		{loinc, "20447-8"},   // wrong check digit
		{loinc, "020447-9"},  // leading zero
		{loinc, "20447-9-1"}, // two parts too many
		{loinc, "12345678-4"},
		{loinc, "LA6576"},
		{loinc, "LX6576-8"},
		{loinc, "20447 -9"},
		{rxnorm, "01819"},
		{rxnorm, "1819a"},
		{rxnorm, "18 19"},
		{rxnorm, "12345678901"},
		{rxnorm, ""},
		{icd, "B2"},
		{icd, "2B0"},
		{icd, "BB0"},
		{icd, "B 20"},
		{icd, "B20.12345"},
		{icd, "B2.0"},
		{icd, "B20.1.2"},
		{icd, "B20-1"},
		{icd, "."},
		{icd, ""},
		{snomed, "086406008"},
		{snomed, "86406"},
		{snomed, "86406008x"},
		{"http://example.org/local", "a b"},
		{"http://example.org/local", ""},
		// A Coding whose code is not a string.
		{rxnorm, 1819.0},
		{rxnorm, nil},
		{icd, true},
	}
	for _, tt := range tests {
		name, _ := json.Marshal(tt.code)
		t.Run(tt.system+"|"+string(name), func(t *testing.T) {
			rep, err := hostSnomed.Classify(coded(tt.system, tt.code))
			require.NoError(t, err)
			require.Len(t, rep.Resources, 1)
			r := rep.Resources[0]
			assert.Equal(t, label.Incomplete, r.Status())
			assert.Zero(t, r.Checked, "a malformed code is never counted as checked")
			assert.Equal(t, []label.Unchecked{{Path: "code.coding[0]", System: tt.system, Reason: "malformed code"}}, r.Unchecked)
		})
	}
}

func TestClassifyWellFormedCodes(t *testing.T) {
	hostSnomed, err := label.New(append(label.Shipped(), label.ValueSet{
		Name: "hiv-snomed", Version: "1", Categories: []string{"HIV"}, System: snomed,
		Source: "s", License: "l", Include: []label.Pattern{{Code: "86406008"}},
	}))
	require.NoError(t, err)
	tests := []struct {
		system, code string
		want         []string
	}{
		{loinc, "2345-7", nil},
		{loinc, "LA6576-8", nil},
		{loinc, "LP417348-4", nil},
		{loinc, "LG10990-6", nil},
		{loinc, "104762-0", []string{"HIV"}},
		{rxnorm, "1433868", []string{"HIV"}},
		{icd, "B20.", []string{"HIV"}},
		{icd, "b20", []string{"HIV"}},
		{icd, "F1120", []string{"ETH", "OPIOIDUD"}},
		{icd, "T40.1X1A", nil},
		{icd, "Z00.00", nil},
		{snomed, "86406008", []string{"HIV"}},
		{snomed, "38341003", nil},
		{snomed, "900000000000207008", nil},
	}
	for _, tt := range tests {
		t.Run(tt.system+"|"+tt.code, func(t *testing.T) {
			rep, err := hostSnomed.Classify(coded(tt.system, tt.code))
			require.NoError(t, err)
			r := rep.Resources[0]
			assert.Empty(t, r.Unchecked)
			assert.Equal(t, 1, r.Checked)
			assert.Equal(t, tt.want, r.Categories())
		})
	}
}

// TestClassifyWellFormedCodeOfAPartialSet checks that a well-formed RxNorm
// code that the shipped sets, which list ingredients only, do not hold is
// unchecked for that reason, not as malformed.
func TestClassifyWellFormedCodeOfAPartialSet(t *testing.T) {
	rep, err := label.Default().Classify(coded(rxnorm, "7"))
	require.NoError(t, err)
	require.Len(t, rep.Resources[0].Unchecked, 1)
	assert.Equal(t, "not in a partial value set", rep.Resources[0].Unchecked[0].Reason)
}

func TestClassifyNeutralCodeIsNotMalformed(t *testing.T) {
	rep, err := label.Default().Classify(coded("http://terminology.hl7.org/CodeSystem/condition-category", ""))
	require.NoError(t, err)
	assert.Equal(t, label.Uncoded, rep.Status(), "a neutral system's code is neither checked nor unchecked")
	assert.Empty(t, rep.Resources[0].Unchecked)
}

func TestClassifyCodingExtras(t *testing.T) {
	const answer = `,"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6576-8","display":"Positive"}]}`
	tests := []struct {
		name   string
		coding string
	}{
		{"display translation", `{"system":"http://loinc.org","code":"20447-9","display":"HIV 1 RNA","_display":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/translation","extension":[{"url":"lang","valueCode":"es"},{"url":"content","valueString":"ARN VIH"}]}]}}`},
		{"code extension", `{"system":"http://loinc.org","code":"20447-9","_code":{"id":"x"}}`},
		{"fhir_comments", `{"fhir_comments":["checked twice"],"system":"http://loinc.org","code":"20447-9"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(decode(t, `{"resourceType":"Observation","code":{"coding":[`+tt.coding+`]}`+answer+`}`))
			require.NoError(t, err)
			r := rep.Resources[0]
			assert.Equal(t, []string{"HIV"}, r.Categories())
			assert.Equal(t, 2, r.Checked)
			assert.True(t, r.Complete())
		})
	}
	t.Run("code as a JSON number", func(t *testing.T) {
		rep, err := label.Default().Classify(decode(t, `{"resourceType":"MedicationRequest",
			"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":1819}]},
			"reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M54.5"}]}]}`))
		require.NoError(t, err)
		r := rep.Resources[0]
		assert.Equal(t, label.Incomplete, r.Status())
		assert.Equal(t, []label.Unchecked{{Path: "medicationCodeableConcept.coding[0]", System: rxnorm, Reason: "malformed code"}}, r.Unchecked)
	})
	t.Run("code as a JSON number without a system", func(t *testing.T) {
		rep, err := label.Default().Classify(decode(t, `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
			"extension":[{"url":"http://example.org/dx","valueCoding":{"code":1819,"display":"buprenorphine"}}]}`))
		require.NoError(t, err)
		assert.Equal(t, []label.Unchecked{{Path: "extension[0].valueCoding", Reason: "malformed code"}}, rep.Resources[0].Unchecked)
	})
}

func TestShippedCodesAreWellFormed(t *testing.T) {
	l := label.Default()
	for _, v := range label.Shipped() {
		for _, p := range v.Include {
			if p.Kind != label.Exact {
				continue
			}
			rep, err := l.Classify(coded(v.System, p.Code))
			require.NoError(t, err)
			r := rep.Resources[0]
			assert.Empty(t, r.Unchecked, "%s: %s", v.Name, p.Code)
			assert.Contains(t, r.Categories(), v.Categories[0], "%s: %s", v.Name, p.Code)
		}
	}
}
