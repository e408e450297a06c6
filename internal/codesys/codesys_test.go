package codesys

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"http://hl7.org/fhir/sid/icd-10-cm", ICD10CM},
		{"urn:oid:2.16.840.1.113883.6.90", ICD10CM},
		{"2.16.840.1.113883.6.90", ICD10CM},
		{"http://loinc.org", LOINC},
		{"urn:oid:2.16.840.1.113883.6.1", LOINC},
		{"http://www.nlm.nih.gov/research/umls/rxnorm", RxNorm},
		{"urn:oid:2.16.840.1.113883.6.88", RxNorm},
		{"http://snomed.info/sct", SNOMED},
		{"urn:oid:2.16.840.1.113883.6.96", SNOMED},
		{"http://www.ama-assn.org/go/cpt", CPT},
		{"urn:oid:2.16.840.1.113883.6.12", CPT},
		{"urn:oid:2.16.840.1.113883.5.4", ActCode},
		{"2.16.840.1.113883.5.25", Confidentiality},
		{"urn:oid:2.16.840.1.113883.5.25", Confidentiality},
		{"urn:oid:2.16.840.1.113883.5.83", ObservationValue},
		{"http://hl7.org/fhir/v3/ActCode", ActCode},
		{"http://hl7.org/fhir/v3/Confidentiality", Confidentiality},
		{"urn:oid:2.16.840.1.113883.6.10", "urn:oid:2.16.840.1.113883.6.10"},
		{"http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10"},
		{"HTTP://LOINC.ORG", "HTTP://LOINC.ORG"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Canonical(tt.in))
		})
	}
}

func TestNeutral(t *testing.T) {
	tests := []struct {
		system string
		want   bool
	}{
		{"http://unitsofmeasure.org", true},
		{"http://terminology.hl7.org/CodeSystem/v2-0074", true},
		{"http://terminology.hl7.org/CodeSystem/observation-category", true},
		{"http://hl7.org/fhir/administrative-gender", true},
		{"http://hl7.org/fhir/observation-status", true},
		{"http://hl7.org/fhir/sid/icd-10-cm", false},
		{"http://hl7.org/fhir/sid/ndc", false},
		// Only FHIR core code systems are neutral: one path segment
		// after /fhir/ or /CodeSystem/. Deeper paths are external
		// terminologies (sid, in any case) and implementation guides.
		{"http://hl7.org/fhir/SID/icd-10-cm", false},
		{"http://hl7.org/fhir/Sid/icd-10-cm", false},
		{"http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs", false},
		{"http://hl7.org/fhir/us/core/CodeSystem/condition-category", false},
		{"http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes", false},
		{"http://hl7.org/fhir/administrative-gender/", false},
		{"http://hl7.org/fhir/", false},
		{"http://hl7.org/fhir", false},
		{"http://terminology.hl7.org/CodeSystem/", false},
		{"http://terminology.hl7.org/CodeSystem/v3-ActCode/extra", false},
		{"http://terminology.hl7.org/CodeSystem/v2-0203/", false},
		{"https://hl7.org/fhir/administrative-gender", false},
		{"http://hl7.org/fhir/sid/us-npi", true},
		// HL7 terminology as FHIR named it before R4 is neutral too; an
		// external terminology written under an HL7 base without its
		// "sid/" is not.
		{"http://hl7.org/fhir/v2/0203", true},
		{"http://hl7.org/fhir/v3/MaritalStatus", true},
		{"http://hl7.org/fhir/v3/MaritalStatus/x", false},
		{"http://hl7.org/fhir/icd-10-cm", false},
		{"http://hl7.org/fhir/ICD-10", false},
		{"http://terminology.hl7.org/CodeSystem/loinc", false},
		{"http://hl7.org/fhir/rxnorm", false},
		{"urn:oid:2.16.840.1.113883.6.238", true},
		{"urn:ietf:bcp:47", true},
		{"http://loinc.org", false},
		{"http://snomed.info/sct", false},
		{"http://acme.com/labs", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.system, func(t *testing.T) {
			assert.Equal(t, tt.want, Neutral(tt.system))
		})
	}
}

func TestFoldsDot(t *testing.T) {
	assert.True(t, FoldsDot(ICD10CM))
	assert.False(t, FoldsDot(LOINC))
}
