package label_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

// TestClassifyNonCoreHL7Systems checks that only the FHIR core code
// systems are neutral: a misspelt external terminology under
// http://hl7.org/fhir/ and the code systems of implementation guides are
// unchecked, so a resource coded with them is never Normal.
func TestClassifyNonCoreHL7Systems(t *testing.T) {
	tests := []struct {
		name, record, system string
	}{
		{
			"ICD-10-CM with SID in upper case",
			`{"resourceType":"Condition","code":{"coding":[{"system":"http://hl7.org/fhir/SID/icd-10-cm","code":"B20"}]},"evidence":[{"code":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}]}`,
			"http://hl7.org/fhir/SID/icd-10-cm",
		},
		{
			"genomics reporting IG code system",
			`{"resourceType":"Observation","code":{"coding":[{"system":"http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs","code":"diagnostic-implication"}]},"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6668-3","display":"Pathogenic"}]}}`,
			"http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs",
		},
		{
			"US IG code system",
			`{"resourceType":"Condition","code":{"coding":[{"system":"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes","code":"sdoh-category-unspecified"}]},"evidence":[{"code":[{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R50.9"}]}]}]}`,
			"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := label.Default().Classify(decode(t, tt.record))
			require.NoError(t, err)
			require.Len(t, rep.Resources, 1)
			r := rep.Resources[0]
			assert.Equal(t, label.Incomplete, r.Status())
			require.Len(t, r.Unchecked, 1)
			assert.Equal(t, tt.system, r.Unchecked[0].System)
			assert.Equal(t, "system not covered", r.Unchecked[0].Reason)
		})
	}
}

// TestClassifyCoreHL7SystemsNeutral checks that the FHIR core code
// systems stay neutral: a resource with only such codes and one checked
// code is Normal.
func TestClassifyCoreHL7SystemsNeutral(t *testing.T) {
	rec := decode(t, `{"resourceType":"Observation","status":"final",
		"category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
		"code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
		"extension":[{"url":"http://x/g","valueCoding":{"system":"http://hl7.org/fhir/administrative-gender","code":"female"}}]}`)
	rep, err := label.Default().Classify(rec)
	require.NoError(t, err)
	require.Len(t, rep.Resources, 1)
	assert.Equal(t, label.Normal, rep.Resources[0].Status())
	assert.Equal(t, 1, rep.Resources[0].Checked)
}

// TestClassifyActCodeSensitivityCode checks that an HL7 ActCode
// sensitivity code written as a concept outside meta (a Condition's
// category) is a finding of its category, while other ActCode codes stay
// neutral.
func TestClassifyActCodeSensitivityCode(t *testing.T) {
	rep, err := label.Default().Classify(decode(t, `{"resourceType":"Condition",
	 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"HIV"}]}],
	 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"Z00.00"}]}}`))
	require.NoError(t, err)
	assert.Equal(t, label.Sensitive, rep.Status())
	assert.Equal(t, []string{"HIV"}, rep.Categories())

	rep, err = label.Default().Classify(decode(t, `{"resourceType":"Condition",
	 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}]}],
	 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"Z00.00"}]}}`))
	require.NoError(t, err)
	assert.Equal(t, label.Normal, rep.Status())
}

// TestClassifyRecordsExistingLabels checks that the sensitivity codes a
// resource is already labelled with, in meta.security, inline on an
// element, or in a contained resource, are reported as its Labels and do
// not make it Sensitive; a label of another system is not one.
func TestClassifyRecordsExistingLabels(t *testing.T) {
	rep, err := label.Default().Classify(decode(t, `{"resourceType":"Observation",
	 "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"PSY"},
	  {"system":"http://example.org/mine","code":"HIV"},{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]},
	 "code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
	 "valueQuantity":{"value":1,"extension":[{"url":"`+label.InlineLabelURL+`","valueCoding":{"code":"ETH"}}]},
	 "contained":[{"resourceType":"Condition","meta":{"security":[{"system":"urn:oid:2.16.840.1.113883.5.4","code":"HIV"}]},
	  "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"Z00.00"}]}}]}`))
	require.NoError(t, err)
	r := rep.Resources[0]
	assert.Equal(t, []string{"PSY", "HIV", "ETH"}, r.Labels)
	assert.Equal(t, label.Normal, r.Status(), "labels are what the record says of itself, not findings")
}

// TestClassifyRecordsBundleLabels checks that a Bundle's own meta.security
// sensitivity codes are reported as the Report's Labels.
func TestClassifyRecordsBundleLabels(t *testing.T) {
	rep, err := label.Default().Classify(decode(t, `{"resourceType":"Bundle",
	 "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"ETH"},{"code":"R"}]},
	 "entry":[{"resource":{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]}}}]}`))
	require.NoError(t, err)
	assert.Equal(t, []string{"ETH"}, rep.Labels)
	assert.Empty(t, rep.Resources[0].Labels)
}
