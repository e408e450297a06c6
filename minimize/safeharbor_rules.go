package minimize

import (
	"strings"

	"github.com/custodianhq/custodian/internal/codesys"
)

// AgeOver89URL is the extension that stands, in what a Safe Harbor view
// releases, for an age over 89 or a birth date indicative of one: the
// value is removed and its primitive extension ("_birthDate", "_value")
// carries this extension, valueString "90 or older", with the FHIR
// data-absent-reason extension, valueCode "masked". The result stays valid
// FHIR.
const AgeOver89URL = "https://github.com/custodianhq/custodian/fhir/StructureDefinition/age-90-or-older"

// aggregate is the value of over89.
type aggregate struct{}

// over89 is what the age transforms return for an age over 89: the walker
// removes the value and adds the AgeOver89URL extension beside it.
var over89 any = aggregate{}

// ageExtension returns the primitive extension of an aggregated age.
func ageExtension() map[string]any {
	return map[string]any{"extension": []any{
		map[string]any{"url": codesys.DataAbsentReason, "valueCode": "masked"},
		map[string]any{"url": AgeOver89URL, "valueString": "90 or older"},
	}}
}

// freeText reports whether k holds free text, which a Safe Harbor view
// releases only where a path names it: narrative (text, div),
// CodeableConcept.text, Coding.display, Reference.display, Annotation
// (note), comments and descriptions, free-text values, and a Quantity's
// unit (its human-readable form; the UCUM code stays).
func freeText(k string) bool {
	switch k {
	case "text", "div", "display", "note", "comment", "comments", "description", "conclusion",
		"valueString", "valueMarkdown", "valueAnnotation", "patientInstruction", "unit":
		return true
	}
	return false
}

// isDateKey reports whether a key holds a FHIR date, dateTime or instant.
func isDateKey(k string) bool {
	switch k {
	case "date", "start", "end", "issued", "recorded", "lastUpdated", "authoredOn", "birthDate", "receivedTime":
		return true
	}
	return strings.HasSuffix(k, "Date") || strings.HasSuffix(k, "DateTime") || strings.HasSuffix(k, "Instant")
}

// harborDate reads s as a date for the Safe Harbor rules: "YYYY", or a
// full "YYYY-MM" or "YYYY-MM-DD" followed by nothing, a 'T' (a dateTime) or
// a space (a time written apart, "2020-03-15 10:00"). finer says whether it
// is finer than a year. (A LOINC code such as "2085-9" is no date.)
func harborDate(s string) (y int, finer, ok bool) {
	if len(s) < 4 || !digits(s[:4]) {
		return 0, false, false
	}
	y = num(s[:4])
	if len(s) == 4 {
		return y, false, true
	}
	if len(s) < 7 || s[4] != '-' || !digits(s[5:7]) {
		return 0, false, false
	}
	if m := num(s[5:7]); m < 1 || m > 12 {
		return 0, false, false
	}
	rest := s[7:]
	if len(rest) >= 3 && rest[0] == '-' && digits(rest[1:3]) {
		if d := num(rest[1:3]); d < 1 || d > 31 {
			return 0, false, false
		}
		rest = rest[3:]
	}
	if rest != "" && rest[0] != 'T' && rest[0] != ' ' {
		return 0, false, false
	}
	return y, true, true
}

// safeLeaf applies the Safe Harbor rules to a leaf released as it is: a
// birth date by the age rule, every other date to its year, wherever it
// is; a value under a date key (birthDate, start, ...Date, ...DateTime)
// that is not a date is dropped and reported.
func (w *walker) safeLeaf(n *node, x any) (any, bool) {
	s, ok := x.(string)
	if !ok {
		return x, true
	}
	dateKey := isDateKey(w.key)
	y, finer, ok := harborDate(s)
	switch {
	case !ok && dateKey:
		w.note(kindMalformed, n)
		return nil, false
	case !ok || !finer && !dateKey:
		return x, true
	}
	if w.key == "birthDate" {
		if w.olderThan89(y) {
			return over89, true
		}
	}
	return s[:4], true
}

// harborTransform releases, in a Safe Harbor view, a date that the "year"
// and "birthyear" transforms do not read but the Safe Harbor rules do (a
// time after a space): its year, or the aggregate of a birth year.
func (w *walker) harborTransform(n *node, v any) (any, bool) {
	s, _ := v.(string)
	y, _, ok := harborDate(s)
	if !ok {
		return nil, false
	}
	if n.name == transformBirthYear && w.olderThan89(y) {
		return over89, true
	}
	return s[:4], true
}

// reference returns the reference date of the age rules, read once.
func (w *walker) reference() (year int) {
	if w.now.IsZero() {
		w.now = w.v.now()
	}
	return w.now.Year()
}

// olderThan89 reports whether someone born in year y may be over 89 at the
// reference date: the oldest of them, born on 1 January, is refYear - y.
// A birth year is indicative of an age over 89 as soon as anyone born in
// it could be, so a person who turns 90 later in the reference year is
// aggregated too.
func (w *walker) olderThan89(y int) bool { return w.reference()-y > 89 }

// ageLOINC lists the LOINC codes of observations whose value is an age.
var ageLOINC = map[string]bool{
	"30525-0": true, // Age
	"21612-7": true, // Age - Reported
	"29553-5": true, // Age calculated
	"21611-9": true, // Age - estimated
	"39016-1": true, // Age at death
	"35659-2": true, // Age at specimen collection
	"63900-5": true, // Current age or age at death
}

// ageSNOMED lists the SNOMED CT concepts of an age.
var ageSNOMED = map[string]bool{
	"397669002": true, // Age
	"424144002": true, // Current chronological age
}

// ageCoded reports whether m (an Observation or a component) is coded as
// an age, its system written as a URI or as an OID.
func ageCoded(m map[string]any) bool {
	code, ok := asObject(m["code"])
	if !ok {
		return false
	}
	codings, _ := asArray(code["coding"])
	for _, c := range codings {
		cm, ok := asObject(c)
		if !ok {
			continue
		}
		v, _ := cm["code"].(string)
		sys, _ := cm["system"].(string)
		switch codesys.Canonical(sys) {
		case codesys.LOINC:
			if ageLOINC[v] {
				return true
			}
		case codesys.SNOMED:
			if ageSNOMED[v] {
				return true
			}
		}
	}
	return false
}

// yearsPer converts a UCUM age unit (code or unit text) to years.
var yearsPer = map[string]float64{
	"a": 1, "yr": 1, "yrs": 1, "year": 1, "years": 1, "y": 1, "ann": 1,
	"mo": 1.0 / 12, "month": 1.0 / 12, "months": 1.0 / 12,
	"wk": 7 / 365.25, "week": 7 / 365.25, "weeks": 7 / 365.25,
	"d": 1 / 365.25, "day": 1 / 365.25, "days": 1 / 365.25,
}

// quantityYears returns the age a Quantity states, in years. Outside an
// age-coded element only a quantity in years counts; inside one every
// known unit is converted and a quantity without a known unit is read as
// years (the larger reading).
func quantityYears(q map[string]any, coded bool) (float64, bool) {
	v, ok := number(q["value"])
	if !ok {
		return 0, false
	}
	for _, k := range [...]string{"code", "unit"} {
		if u, ok := q[k].(string); ok {
			if f, ok := unitYears(u); ok {
				if !coded && f != 1 {
					return 0, false
				}
				return v * f, true
			}
		}
	}
	return v, coded
}

// unitYears returns yearsPer of a unit in any case, without allocating.
func unitYears(u string) (float64, bool) {
	if f, ok := yearsPer[u]; ok {
		return f, true
	}
	var buf [8]byte
	if len(u) > len(buf) {
		return 0, false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	f, ok := yearsPer[string(buf[:len(u)])]
	return f, ok
}

// The keys whose released values ages may aggregate, as bits of
// walker.seen.
const (
	ageValue      = 1 << iota // value: a Quantity's
	ageCodedValue             // value[x] of an element coded as an age
)

// ageKey returns the bit of k among the keys whose released value ages
// may aggregate, or 0.
func ageKey(k string) uint8 {
	switch k {
	case "value":
		return ageValue
	case "valueQuantity", "valueAge", "valueInteger", "valueDecimal", "valueRange":
		return ageCodedValue
	}
	return 0
}

// ages aggregates the ages over 89 in out, what the view releases of m: a
// Quantity in years, and the value of an element coded as an age
// (valueQuantity, valueAge, valueInteger, valueDecimal, valueRange). seen
// says which of these keys out holds (see ageKey). Every unit converts to
// at most its number of years, so a number of 89 or less is no age over
// 89 in any unit, and most objects are passed over on that alone.
func (w *walker) ages(m, out map[string]any, seen uint8) {
	if seen&ageValue != 0 && over89Number(m["value"]) {
		if y, ok := quantityYears(m, false); ok && y > 89 {
			aggregateKey(out, "value")
		}
	}
	if seen&ageCodedValue == 0 || !agedValue(m) || !ageCoded(m) {
		return
	}
	for _, k := range [...]string{"valueQuantity", "valueAge"} {
		agedQuantity(m[k], out[k])
	}
	for _, k := range [...]string{"valueInteger", "valueDecimal"} {
		if _, ok := out[k]; ok {
			if over89Number(m[k]) {
				aggregateKey(out, k)
			}
		}
	}
	if r, ok := out["valueRange"].(map[string]any); ok {
		in, _ := asObject(m["valueRange"])
		agedQuantity(in["low"], r["low"])
		agedQuantity(in["high"], r["high"])
	}
}

// over89Number reports whether x is a number over 89.
func over89Number(x any) bool {
	f, ok := number(x)
	return ok && f > 89
}

// agedValue reports whether m has a value that could state an age over 89,
// whatever its unit: a number over 89 as valueInteger, valueDecimal, or the
// value of valueQuantity, valueAge or either bound of valueRange.
func agedValue(m map[string]any) bool {
	if over89Number(m["valueInteger"]) || over89Number(m["valueDecimal"]) {
		return true
	}
	for _, k := range [...]string{"valueQuantity", "valueAge"} {
		if q, ok := asObject(m[k]); ok && over89Number(q["value"]) {
			return true
		}
	}
	r, ok := asObject(m["valueRange"])
	if !ok {
		return false
	}
	for _, k := range [...]string{"low", "high"} {
		if q, ok := asObject(r[k]); ok && over89Number(q["value"]) {
			return true
		}
	}
	return false
}

// agedQuantity aggregates the released copy of an age-coded Quantity.
func agedQuantity(in, released any) {
	q, ok := released.(map[string]any)
	if !ok {
		return
	}
	if _, ok := q["value"]; !ok {
		return
	}
	im, _ := asObject(in)
	if y, ok := quantityYears(im, true); ok && y > 89 {
		aggregateKey(q, "value")
	}
}

// aggregateKey replaces out[k] by the AgeOver89URL extension.
func aggregateKey(out map[string]any, k string) {
	delete(out, k)
	out["_"+k] = ageExtension()
}
