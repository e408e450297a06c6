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
// by the Safe Harbor method of 45 CFR 164.514(b)(2). It is an allow-list:
// it names what may go, at the root and under entry[].resource, and
// everything else (narrative, extensions, notes, ids, references, contained
// resources) is not released. It uses no "hash", so it compiles without a
// key; compile it with [WithRestrictedZIP3] to use newer census data and
// with [WithNow] to fix the clock of "birthyear".
//
// The identifiers of 164.514(b)(2)(i), of the individual and of relatives,
// employers and household members, are handled so:
//
//   - (A) names: name, contact, display texts of references: not released.
//   - (B) geography smaller than a state: address line, city, district, text
//     and period are not released; state and country are; postalCode goes
//     through "zip3" (the first three digits of a US ZIP, "000" for the
//     restricted prefixes, nothing for a code that is not a US ZIP).
//   - (C) dates: birthDate through "birthyear" (the year, or "90+" for a
//     person over 89); effectiveDateTime, effectivePeriod, issued,
//     collection.collectedDateTime and receivedTime through "year"; every
//     other date (deceasedDateTime, meta.lastUpdated, onset...) is not
//     released. Ages are not released as such; a host that adds one must
//     transform it with "age".
//   - (D)–(F) telephone, fax, email: telecom is not released.
//   - (G)–(K) SSN, medical record, health plan, account, certificate and
//     license numbers: identifier is not released.
//   - (L)–(M) vehicle and device identifiers and serial numbers: device
//     references and identifiers are not released.
//   - (N)–(O) URLs and IP addresses: fullUrl, url, references and
//     attachments are not released.
//   - (P)–(Q) biometric identifiers, full-face photographs: photo and
//     attachments are not released.
//   - (R) any other unique number, characteristic or code: ids, references,
//     free text (text.div, note, conclusion, valueString) and extensions are
//     not released; only coded values and measurements are.
//
// Safe Harbor also requires, by 164.514(b)(2)(ii), that the releasing
// entity have no actual knowledge that what remains could identify the
// individual, alone or with other information (a rare diagnosis in a small
// state, say). That judgement is the host's: no view can make it.
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
