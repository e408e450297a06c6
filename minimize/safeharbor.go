package minimize

import "slices"

// safeHarborKeep lists, by resource type, what Safe Harbor releases as it
// is: coded clinical content and measurements, no free text, no
// references, no identifiers.
var safeHarborKeep = map[string][]string{
	"Bundle": {"resourceType", "type"},
	"Observation": {
		"resourceType", "status", "category", "code", "method", "bodySite",
		"valueQuantity", "valueCodeableConcept", "valueBoolean", "valueInteger",
		"valueRange", "valueRatio", "interpretation", "referenceRange",
		"component[].code", "component[].valueQuantity", "component[].valueCodeableConcept",
		"component[].valueBoolean", "component[].valueInteger", "component[].valueRange",
		"component[].valueRatio", "component[].interpretation", "component[].referenceRange",
	},
	"DiagnosticReport": {"resourceType", "status", "category", "code", "conclusionCode"},
	"Patient":          {"resourceType", "gender", "deceasedBoolean", "address[].state", "address[].country"},
	"Specimen":         {"resourceType", "status", "type"},
}

// safeHarborTransform lists, by resource type, what Safe Harbor releases
// only transformed.
var safeHarborTransform = map[string]map[string]string{
	"Observation": {
		"effectiveDateTime": transformYear, "effectivePeriod.start": transformYear,
		"effectivePeriod.end": transformYear, "issued": transformYear,
	},
	"DiagnosticReport": {
		"effectiveDateTime": transformYear, "effectivePeriod.start": transformYear,
		"effectivePeriod.end": transformYear, "issued": transformYear,
	},
	"Patient": {
		"birthDate": transformBirthYear, "deceasedDateTime": transformYear,
		"address[].postalCode": transformZIP3,
	},
	"Specimen": {"collection.collectedDateTime": transformYear, "receivedTime": transformYear},
}

// SafeHarbor returns a view that de-identifies FHIR R4 Patient,
// Observation, DiagnosticReport and Specimen resources, and Bundles of them,
// by the Safe Harbor method of 45 CFR 164.514(b)(2). Its paths are typed:
// a resource of any other type releases nothing, and its Bundle entry goes.
// It is an allow-list of coded content and measurements, and it applies the
// Safe Harbor rules ([Spec.SafeHarbor], see the package documentation) to
// everything it releases. It uses no "hash", so it compiles without a key;
// compile it with WithRestrictedZIP3(ZIP3Census2020()) to use newer census
// data and with [WithNow] to fix the reference date of the age rules.
//
// The identifiers of 164.514(b)(2)(i), of the individual and of relatives,
// employers and household members, element by element:
//
//   - (A) Names: Patient.name, contact, every Reference (subject, performer,
//     ...) with its display, Coding.display, narrative: not released; free
//     text under kept elements (CodeableConcept.text, display, note, a
//     Quantity's unit) is removed.
//   - (B) Geographic subdivisions smaller than a state: Patient.address line,
//     city, district, text and period are not released; state and country
//     are; postalCode goes through "zip3": the first three digits of a US
//     ZIP, "000" for the prefixes of 20,000 people or fewer, nothing for a
//     code that is not a US ZIP.
//   - (C) Dates (but year) directly related to the individual, and ages
//     over 89: birthDate through "birthyear" (the year, or aggregated when
//     anyone born that year may be over 89 at the reference date);
//     deceasedDateTime, effectiveDateTime, effectivePeriod, issued,
//     collection.collectedDateTime and receivedTime through "year"; any
//     other date inside a kept element (a referenceRange's) to its year;
//     other date elements (meta.lastUpdated, onset...) are not released,
//     nor extensions (a host view with the Safe Harbor rules that releases
//     one holds its dates to the birth-date rule: one may be a birth date,
//     as patient-birthTime in _birthDate is). Ages over 89, in age observations
//     (LOINC 30525-0 and related, with or without a system), their
//     components (every Quantity, number and string of value[x]), ages in
//     referenceRange[].age in any unit of time, and any quantity in years,
//     are aggregated. Aggregates are valid
//     FHIR: the value is removed and its primitive extension carries
//     [AgeOver89URL], "90 or older". A malformed date is dropped and
//     reported in Report.Malformed.
//   - (D) Telephone numbers, (E) fax numbers, (F) email addresses:
//     telecom, of the Patient and of its contacts: not released.
//   - (G) Social Security numbers, (H) medical record numbers, (I) health
//     plan beneficiary numbers, (J) account numbers, (K) certificate and
//     license numbers: identifier of every resource, and
//     Specimen.accessionIdentifier: not released.
//   - (L) Vehicle identifiers and serial numbers, (M) device identifiers and
//     serial numbers: device references and identifiers: not released.
//   - (N) URLs, (O) IP addresses: fullUrl, url, every reference, attachment
//     and extension: not released.
//   - (P) Biometric identifiers, (Q) full-face photographs: Patient.photo,
//     attachments (presentedForm, valueAttachment), media: not released.
//   - (R) Any other unique identifying number, characteristic or code: id,
//     meta, references, extensions (where a record may carry anything),
//     contained resources, narrative and free text: not released, nor the
//     id of an element under a kept one (code.id); only
//     coded values, measurements, gender and the coarse dates and places
//     above are.
//
// Safe Harbor also requires, by 164.514(b)(2)(ii), that the covered entity
// have no actual knowledge that what remains could identify the individual,
// alone or with other information. That is the host's duty, and no view
// can discharge it: a rare diagnosis or an unusual measurement in a small
// state; a code system local to one laboratory (the coded values are
// released as they are); a very small extract whose coarse dates and ZIP3
// still single a person out; knowledge of the recipient's other data.
// Review extracts for such cases, and record the re-identification code,
// if any, as 164.514(c) allows.
func SafeHarbor() Spec {
	s := Spec{Transform: map[string]string{}, SafeHarbor: true}
	for t, paths := range safeHarborKeep {
		for _, p := range paths {
			s.Keep = append(s.Keep, t+"."+p)
		}
	}
	slices.Sort(s.Keep)
	for t, paths := range safeHarborTransform {
		for p, tf := range paths {
			s.Transform[t+"."+p] = tf
		}
	}
	return s
}
