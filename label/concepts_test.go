package label_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

func TestClassifyConceptWithoutCode(t *testing.T) {
	const answer = `"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6576-8","display":"Positive"}]}`
	noCode := func(path string) []label.Unchecked { return []label.Unchecked{{Path: path, Reason: "no code"}} }
	tests := []struct {
		name string
		rec  string
		want []label.Unchecked
	}{
		{"display-only coding", `{"resourceType":"Observation","code":{"coding":[{"display":"HIV-1 RNA viral load"}]},` + answer + `}`, noCode("code")},
		{"empty coding and text", `{"resourceType":"Observation","code":{"text":"HIV-1 RNA","coding":[{}]},` + answer + `}`, noCode("code")},
		{"empty concept", `{"resourceType":"Observation","code":{},` + answer + `}`, noCode("code")},
		{"empty coding list", `{"resourceType":"Observation","code":{"coding":[]},` + answer + `}`, noCode("code")},
		{"coding with an extra element", `{"resourceType":"Observation","code":{"coding":[{"code":"20447-9","system":"http://loinc.org","rank":1}]},` + answer + `}`, noCode("code")},
		{"no code: Observation", `{"resourceType":"Observation",` + answer + `}`, noCode("code")},
		{"null code", `{"resourceType":"Observation","code":null,` + answer + `}`, noCode("code")},
		{"no code: DiagnosticReport", `{"resourceType":"DiagnosticReport","conclusionCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}`, noCode("code")},
		{"no code: Condition", `{"resourceType":"Condition","evidence":[{"code":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}]}`, noCode("code")},
		{"no code: Procedure", `{"resourceType":"Procedure","reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}`, noCode("code")},
		{"code as a bare string", `{"resourceType":"Condition","code":"B20","evidence":[{"code":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}]}`,
			[]label.Unchecked{{Path: "code", Reason: "not a concept"}}},
		{"reasonCode without a code", `{"resourceType":"Encounter","reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]},{"coding":[{"display":"HIV"}]}]}`, noCode("reasonCode[1]")},
		{"a code only in a concept nested in the concept's extension",
			`{"resourceType":"Observation","code":{"text":"HIV-1 RNA","extension":[{"url":"http://example.org/x","valueCodeableConcept":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"X"}]}}]},` + answer + `}`,
			[]label.Unchecked{{Path: "code", Reason: "text only"}}},
		{"a code only in the concept's extension",
			`{"resourceType":"Observation","code":{"coding":[{"display":"HIV-1 RNA"}],"extension":[{"url":"http://example.org/x","valueCoding":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"X"}}]},` + answer + `}`,
			noCode("code")},
		{"component code without a code", `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},"component":[{"code":{"coding":[{"display":"HIV-1 RNA"}]}}]}`, noCode("component[0].code")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(decode(t, tt.rec))
			require.NoError(t, err)
			r := rep.Resources[0]
			assert.Equal(t, label.Incomplete, r.Status())
			assert.Equal(t, tt.want, r.Unchecked)
		})
	}
}

func TestClassifyConceptWithCodeIsNotReported(t *testing.T) {
	tests := []struct {
		name   string
		rec    string
		status label.Status
		want   []label.Unchecked
	}{
		{"a coding without a code is reported once, where it is",
			`{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","display":"HIV 1 RNA"}]}}`,
			label.Incomplete, []label.Unchecked{{Path: "code.coding[0]", System: loinc, Reason: "no code"}}},
		{"a neutral coding is a code",
			`{"resourceType":"Observation","code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"X"}]}}`,
			label.Uncoded, nil},
		{"a coding beside a display-only one",
			`{"resourceType":"Observation","code":{"coding":[{"display":"glucose"},{"system":"http://loinc.org","code":"2345-7"}]}}`,
			label.Normal, nil},
		{"a Coding written directly as the concept",
			`{"resourceType":"Observation","code":{"system":"http://loinc.org","code":"2345-7"}}`,
			label.Normal, nil},
		{"coding as an object",
			`{"resourceType":"Observation","code":{"coding":{"system":"http://loinc.org","code":"2345-7"}}}`,
			label.Normal, nil},
		{"a quantity's code is a string",
			`{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},"valueQuantity":{"value":5,"system":"http://unitsofmeasure.org","code":"mmol/L"}}`,
			label.Normal, nil},
		{"a resource whose code is a primitive",
			`{"resourceType":"SearchParameter","code":"hiv-status","base":["Observation"]}`,
			label.Uncoded, nil},
		{"a resource that need not have a code",
			`{"resourceType":"Encounter","reasonCode":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}`,
			label.Normal, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(decode(t, tt.rec))
			require.NoError(t, err)
			r := rep.Resources[0]
			assert.Equal(t, tt.status, r.Status())
			assert.Equal(t, tt.want, r.Unchecked)
		})
	}
}
