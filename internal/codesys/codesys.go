// Package codesys names the code systems Custodian reads and folds the
// spellings of each (the canonical FHIR URI, the HL7 OID with or without
// its "urn:oid:" prefix, and for the HL7 v3 systems the URI FHIR gave them
// before R4) onto one canonical URI. It also names the
// extensions more than one package writes or reads.
package codesys

import "strings"

// Canonical FHIR URIs of the code systems the library knows by name.
const (
	ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
	LOINC   = "http://loinc.org"
	RxNorm  = "http://www.nlm.nih.gov/research/umls/rxnorm"
	SNOMED  = "http://snomed.info/sct"
	CPT     = "http://www.ama-assn.org/go/cpt"
	ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	// Confidentiality holds the HL7 confidentiality levels (N, R, V...).
	Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	// ObservationValue holds the DS4P integrity labels (PATRPT...).
	ObservationValue = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
)

// InlineLabel is the DS4P extension that labels one element of a resource
// with its valueCoding (FHIR Data Segmentation for Privacy IG 1.0.0).
const InlineLabel = "http://hl7.org/fhir/uv/security-label-ds4p/StructureDefinition/extension-inline-sec-label"

// DataAbsentReason is the FHIR core extension that says why a value is
// missing, with its valueCode ("unknown", "masked").
const DataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

// oids maps each known system's HL7 OID to its canonical URI.
var oids = map[string]string{
	"2.16.840.1.113883.6.90": ICD10CM,
	"2.16.840.1.113883.6.1":  LOINC,
	"2.16.840.1.113883.6.88": RxNorm,
	"2.16.840.1.113883.6.96": SNOMED,
	"2.16.840.1.113883.6.12": CPT,
	"2.16.840.1.113883.5.4":  ActCode,
	"2.16.840.1.113883.5.25": Confidentiality,
	"2.16.840.1.113883.5.83": ObservationValue,
}

// beforeR4 maps the URIs that FHIR DSTU2 and STU3 gave the HL7 v3 code
// systems, which labels written by older systems still carry, to the
// canonical URI.
var beforeR4 = map[string]string{
	"http://hl7.org/fhir/v3/ActCode":          ActCode,
	"http://hl7.org/fhir/v3/Confidentiality":  Confidentiality,
	"http://hl7.org/fhir/v3/ObservationValue": ObservationValue,
}

// aliases maps every accepted spelling to the canonical URI.
var aliases = func() map[string]string {
	m := make(map[string]string, 3*len(oids)+len(beforeR4))
	for oid, uri := range oids {
		m[uri] = uri
		m[oid] = uri
		m["urn:oid:"+oid] = uri
	}
	for old, uri := range beforeR4 {
		m[old] = uri
	}
	return m
}()

// Canonical returns the canonical URI of system when system is a known
// spelling of a known code system, and system unchanged otherwise. It does
// not allocate.
func Canonical(system string) string {
	if c, ok := aliases[system]; ok {
		return c
	}
	return system
}

// FoldsDot reports whether codes of the canonical system are compared
// without their dot and without regard to case (ICD-10-CM: "F11.20" and
// "f1120" are the same code).
func FoldsDot(canonical string) bool { return canonical == ICD10CM }

// neutral are exact systems whose codes say nothing about a person's
// health: units, languages, countries, currencies, media types,
// practitioner identifiers, race and ethnicity.
var neutral = map[string]bool{
	"http://unitsofmeasure.org":       true,
	"urn:ietf:bcp:47":                 true,
	"urn:ietf:bcp:13":                 true,
	"urn:iso:std:iso:3166":            true,
	"urn:iso:std:iso:3166:-2":         true,
	"urn:iso:std:iso:4217":            true,
	"http://hl7.org/fhir/sid/us-npi":  true,
	"urn:oid:2.16.840.1.113883.6.238": true, // CDC Race and Ethnicity
}

// Neutral reports whether the codes of system carry no clinical meaning
// that could make a record sensitive: the FHIR core code systems (statuses,
// categories, interpretations, identifier types, roles), that is
// http://hl7.org/fhir/<name> and http://terminology.hl7.org/CodeSystem/<name>
// with exactly one path segment after the base (the v2 and v3 tables
// among them), and units, languages and the like. A deeper path is not
// neutral: the external terminologies published under
// http://hl7.org/fhir/sid/ (ICD, NDC, CVX), in any spelling of "sid", and
// the code systems of implementation guides (under /us/, /uv/, ...), which
// may carry clinical meaning such as genetic findings.
func Neutral(system string) bool {
	if neutral[system] {
		return true
	}
	for _, base := range coreBases {
		if name, ok := strings.CutPrefix(system, base); ok {
			return name != "" && !strings.Contains(name, "/") && !external(name)
		}
	}
	return false
}

// coreBases are the bases under which the HL7 code systems are named, one
// path segment below them: the FHIR core and terminology.hl7.org systems,
// and the v2 tables and v3 systems as FHIR named them before R4.
var coreBases = [...]string{
	"http://terminology.hl7.org/CodeSystem/",
	"http://hl7.org/fhir/v2/", "http://hl7.org/fhir/v3/",
	"http://hl7.org/fhir/",
}

// external reports whether name, one path segment under an HL7 base, is
// that of an external clinical terminology written without its "sid/"
// ("http://hl7.org/fhir/icd-10-cm"): never neutral.
func external(name string) bool {
	name = strings.ToLower(name)
	for _, t := range [...]string{"icd", "loinc", "snomed", "sct", "rxnorm", "cpt", "hcpcs", "ndc", "cvx", "dsm"} {
		if strings.Contains(name, t) {
			return true
		}
	}
	return false
}
