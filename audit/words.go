package audit

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// categoryWords names data categories in words a patient can read.
var categoryWords = map[string]string{
	"LAB":        "laboratory results",
	"DEMO":       "demographic information (such as name, address and date of birth)",
	"MEDS":       "medications",
	"IMG":        "imaging results",
	"NOTES":      "clinical notes",
	"ETH":        "substance use treatment records",
	"SUD":        "substance use disorder information",
	"ETHUD":      "alcohol use disorder information",
	"OPIOIDUD":   "opioid use disorder information",
	"42CFRPart2": "substance use disorder treatment records (42 CFR Part 2)",
	"HIV":        "HIV/AIDS information",
	"GDIS":       "genetic information",
	"PSYTHPN":    "psychotherapy notes",
	"PSY":        "psychiatric information",
	"MH":         "mental health information",
	"BH":         "behavioral health information",
	"SDV":        "information about sexual assault, abuse or domestic violence",
	"SEX":        "sexual and reproductive health information",
	"STD":        "sexually transmitted disease information",
	"PREGNANT":   "pregnancy information",
	"SICKLE":     "sickle cell information",
	"MST":        "military sexual trauma information",
	"VIO":        "information about violence",
}

// purposeWords names PurposeOfUse codes in words a patient can read.
var purposeWords = map[string]string{
	"TREAT":    "treatment",
	"ETREAT":   "emergency treatment",
	"BTG":      "emergency access",
	"HPAYMT":   "payment",
	"HOPERAT":  "health care operations",
	"HLEGAL":   "legal proceedings",
	"HRESCH":   "research",
	"CLINTRCH": "clinical trial research",
	"PATRQT":   "your own request",
	"FAMRQT":   "a request of a family member you authorized",
	"PWATRNY":  "a request of your legal representative",
	"PUBHLTH":  "public health",
	"DISASTER": "disaster relief",
	"THREAT":   "to prevent a serious threat to health or safety",
	"HMARKT":   "marketing",
	"GOV":      "government functions",
	"FRAUD":    "fraud detection",
	"HCOMPL":   "compliance",
}

// CategoryText returns a category code in words a patient can read, such
// as "laboratory results" for "LAB"; an unknown code is returned as it is.
func CategoryText(code string) string {
	if w, ok := categoryWords[code]; ok {
		return w
	}
	return code
}

// PurposeText returns a PurposeOfUse code in words, such as "public
// health" for "PUBHLTH"; an unknown code is returned as it is.
func PurposeText(code string) string {
	if w, ok := purposeWords[code]; ok {
		return w
	}
	return code
}

// elementWords names, in the order an accounting lists them, the record
// elements a patient recognizes. A released path is named by its first
// element (after a Bundle's "entry[].resource."); elements that only frame
// the record (resourceType, id, meta, fullUrl, ...) are left unnamed.
var elementWords = []struct{ element, words string }{
	{"name", "name"},
	{"birthDate", "date of birth"},
	{"gender", "sex"},
	{"address", "address"},
	{"telecom", "phone number or email"},
	{"identifier", "identifiers"},
	{"code", "test or service"},
	{"valueQuantity", "result"},
	{"valueCodeableConcept", "result"},
	{"valueString", "result"},
	{"valueBoolean", "result"},
	{"valueInteger", "result"},
	{"valueRange", "result"},
	{"valueRatio", "result"},
	{"component", "result"},
	{"interpretation", "interpretation"},
	{"referenceRange", "reference range"},
	{"conclusion", "conclusion"},
	{"conclusionCode", "conclusion"},
	{"effectiveDateTime", "date"},
	{"effectivePeriod", "date"},
	{"issued", "date"},
	{"deceasedBoolean", "date of death"},
	{"deceasedDateTime", "date of death"},
	{"performer", "who performed it"},
	{"specimen", "specimen"},
	{"note", "notes"},
	{"text", "narrative"},
	{"subject", "link to your record"},
	{"result", "link to your record"},
}

// frame holds the elements that only frame a record.
var frame = map[string]bool{
	"resourceType": true, "id": true, "meta": true, "fullUrl": true, "type": true,
	"status": true, "category": true, "entry": true, "implicitRules": true, "language": true,
}

// elementsInWords names the record elements of fields for a patient, each
// once, in the order of elementWords; an element it does not know is named
// by its FHIR name.
func elementsInWords(fields []string) []string {
	seen := map[string]bool{}
	for _, f := range fields {
		f = strings.TrimPrefix(f, "entry[].resource.")
		if i := strings.IndexAny(f, ".["); i >= 0 {
			f = f[:i]
		}
		if !frame[f] {
			seen[f] = true
		}
	}
	var out []string
	add := func(w string) {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	for _, ew := range elementWords {
		if seen[ew.element] {
			add(ew.words)
			delete(seen, ew.element)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(seen)) {
		add(f)
	}
	return out
}

// describe writes what was disclosed: the categories in words, then the
// record elements in words. Entry.Fields keeps the exact paths.
func describe(categories, fields []string) string {
	var b strings.Builder
	for i, c := range categories {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(CategoryText(c))
	}
	if words := elementsInWords(fields); len(words) > 0 {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(strings.Join(words, ", "))
	}
	if b.Len() == 0 {
		return "unspecified health information"
	}
	s := b.String()
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
