package minimize

import (
	"strconv"
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

// identifying reports whether k holds one of the identifiers of
// 164.514(b)(2)(i) wherever FHIR writes it: names, address parts,
// telecoms, identifiers, photos, URLs, references to other records. A Safe
// Harbor view releases such a key only where a path names it, so that an
// object found where a value was expected (a gender written as
// {"name": ...}) does not carry one out.
func identifying(k string) bool {
	switch k {
	case "name", "given", "family", "prefix", "suffix", "line", "city", "district", "postalCode",
		"address", "telecom", "identifier", "contact", "photo", "url", "reference":
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
	if i := strings.IndexAny(s, " T"); i >= len("YYYY-MM") {
		s = s[:i]
	}
	y, _, _, ok = parseDate(s)
	return y, ok && len(s) > len("YYYY"), ok
}

// safeLeaf applies the Safe Harbor rules to a leaf released as it is: an
// age over 89 is aggregated and a string that should state an age and
// holds no number is dropped and reported (see ageOf); then the date rules
// of safeDate. It returns the leaf to release and the kind of report entry
// it makes, or 0 when it goes.
func (w *walker) safeLeaf(n *node, x any) (any, uint8) {
	if w.age.role&roleNumber != 0 {
		y, ok := w.leafYears(x)
		if ok && y > 89 {
			return over89, kindTransformed
		}
		if _, isString := x.(string); isString && !ok {
			w.note(kindMalformed, n)
			return nil, 0
		}
	}
	return w.safeDate(n, x)
}

// safeDate applies the date rules of Safe Harbor to a leaf: a birth date,
// and any date inside an extension (which may be one, as patient-birthTime
// is), by the age rule; every other date to its year, wherever it is; a
// value under a date key (birthDate, start, ...Date, ...DateTime) that is
// not a date is dropped and reported. It returns what safeLeaf does.
func (w *walker) safeDate(n *node, x any) (any, uint8) {
	s, ok := x.(string)
	if !ok {
		return x, kindReleased
	}
	dateKey := isDateKey(w.key)
	y, finer, ok := harborDate(s)
	switch {
	case !ok && dateKey:
		w.note(kindMalformed, n)
		return nil, 0
	case !ok || !finer && !dateKey:
		return x, kindReleased
	}
	if (w.key == "birthDate" || w.inExtension) && w.olderThan89(y) {
		return over89, kindTransformed
	}
	if !finer {
		return x, kindReleased
	}
	return s[:4], kindTransformed
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
// an age: a Coding of its code (an array of them, or one written alone)
// holds an age code of LOINC or SNOMED CT, its system written as a URI,
// as an OID, or not at all (fail closed, as labels do).
func ageCoded(m map[string]any) bool {
	code, ok := asObject(m["code"])
	if !ok {
		return false
	}
	if codings, ok := asArray(code["coding"]); ok {
		for _, c := range codings {
			if cm, ok := asObject(c); ok && ageCoding(cm) {
				return true
			}
		}
		return false
	}
	cm, ok := asObject(code["coding"])
	return ok && ageCoding(cm)
}

// ageCoding reports whether the Coding c holds an age code.
func ageCoding(c map[string]any) bool {
	v, _ := text(c["code"])
	sys, _ := text(c["system"])
	switch codesys.Canonical(sys) {
	case codesys.LOINC:
		return ageLOINC[v]
	case codesys.SNOMED:
		return ageSNOMED[v]
	case "":
		return ageLOINC[v] || ageSNOMED[v]
	}
	return false
}

// yearsPer converts a UCUM age unit (code or unit text, see unitYears) to
// years.
var yearsPer = map[string]float64{
	"a": 1, "yr": 1, "yrs": 1, "year": 1, "years": 1, "y": 1, "ann": 1,
	"mo": 1.0 / 12, "mos": 1.0 / 12, "mth": 1.0 / 12, "mths": 1.0 / 12, "month": 1.0 / 12, "months": 1.0 / 12,
	"wk": 7 / 365.25, "wks": 7 / 365.25, "week": 7 / 365.25, "weeks": 7 / 365.25,
	"d": 1 / 365.25, "day": 1 / 365.25, "days": 1 / 365.25,
	"h": 1 / 8766.0, "hr": 1 / 8766.0, "hrs": 1 / 8766.0, "hour": 1 / 8766.0, "hours": 1 / 8766.0,
}

// unitYears returns yearsPer of a unit in any case, without surrounding
// spaces, a trailing "(s)" or a trailing '.' ("Year(s)", "yrs."), without
// allocating.
func unitYears(u string) (float64, bool) {
	if f, ok := yearsPer[u]; ok {
		return f, true
	}
	u = strings.TrimSpace(u)
	var buf [16]byte
	if len(u) > len(buf) {
		return 0, false
	}
	b := buf[:len(u)]
	for i := range b {
		c := u[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	if n := len(b); n > 3 && string(b[n-3:]) == "(s)" {
		b = b[:n-3]
	}
	if n := len(b); n > 1 && b[n-1] == '.' {
		b = b[:n-1]
	}
	f, ok := yearsPer[string(b)]
	return f, ok
}

// The roles a value may play in an age, as bits of ageCtx.role.
const (
	roleNumber   = 1 << iota // it states an age: a number, or a string holding one, of ageCtx.years per unit
	roleQuantity             // its "value" states an age, in the units of its code and unit (a Quantity, an Age)
	roleRange                // its Quantities state ages: low, high (a Range), numerator, denominator (a Ratio)
	roleAge      = roleNumber | roleQuantity | roleRange
)

// ageCtx says whether the value being released states an age, and how.
type ageCtx struct {
	role  uint8
	years float64 // years per unit of a roleNumber value
}

// ageOf returns the age context of x, the value of key k of m, whose own
// context is w.age. An age is
//
//   - the value[x] of an element coded as an age (ageCoded): a number, a
//     string, a Quantity, each Quantity of a Range or a Ratio, in any unit
//     of time (a Quantity's code and unit, the larger reading when they
//     disagree), read as years when it has none or one unknown;
//   - an Age (valueAge, onsetAge, ...) and a referenceRange's age, a Range
//     of ages, the same way;
//   - any Quantity in years (code or unit).
//
// A value of an age given as an array is read element by element.
func (w *walker) ageOf(m map[string]any, k string, x any) ageCtx {
	switch k {
	case "value":
		if w.age.role&roleQuantity != 0 {
			return ageCtx{roleNumber, codedYears(m)}
		}
		if f, ok := number(x); ok && f <= 89 {
			return ageCtx{}
		}
		if inYears(m) {
			return ageCtx{roleNumber, 1}
		}
	case "low", "high", "numerator", "denominator":
		if w.age.role&roleRange != 0 {
			return ageCtx{roleNumber | roleQuantity, 1}
		}
	case "age", "ageRange":
		return ageCtx{roleAge, 1}
	case "valueQuantity", "valueInteger", "valueDecimal", "valueRange", "valueRatio", "valueString",
		"valueDuration", "valueInteger64", "valuePositiveInt", "valueUnsignedInt":
		if ageCoded(m) {
			return ageCtx{roleAge, 1}
		}
	default:
		if strings.HasSuffix(k, "Age") {
			return ageCtx{roleAge, 1}
		}
	}
	return ageCtx{}
}

// codedYears returns the years per unit of q, a Quantity that states an
// age: its code's and its unit's, the larger when they disagree; a year
// when either is not a known unit of time, or when it has neither (no
// unit is more than a year: the larger reading).
func codedYears(q map[string]any) float64 {
	f := 0.0
	for _, k := range [...]string{"code", "unit"} {
		x, ok := q[k]
		if !ok || x == nil {
			continue
		}
		u, ok := text(x)
		if !ok {
			return 1
		}
		g, ok := unitYears(u)
		if !ok {
			return 1
		}
		f = max(f, g)
	}
	if f == 0 {
		return 1
	}
	return f
}

// inYears reports whether the code or the unit of the Quantity q is a
// year.
func inYears(q map[string]any) bool {
	for _, k := range [...]string{"code", "unit"} {
		if u, ok := text(q[k]); ok {
			if f, ok := unitYears(u); ok && f == 1 {
				return true
			}
		}
	}
	return false
}

// leafYears returns the age the leaf x states, in years, in the context
// w.age: a number, or the largest number a string holds ("95 years").
func (w *walker) leafYears(x any) (float64, bool) {
	if f, ok := number(x); ok {
		return f * w.age.years, true
	}
	if s, ok := x.(string); ok {
		if f, ok := largestNumber(s); ok {
			return f * w.age.years, true
		}
	}
	return 0, false
}

// largestNumber returns the largest decimal number written in s, or false
// when s holds none.
func largestNumber(s string) (float64, bool) {
	best, found := 0.0, false
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
			for j++; j < len(s) && isDigit(s[j]); j++ {
			}
		}
		// Digits only: an error is a range error, and f is then +Inf.
		f, _ := strconv.ParseFloat(s[i:j], 64)
		if !found || f > best {
			best, found = f, true
		}
		i = j
	}
	return best, found
}
