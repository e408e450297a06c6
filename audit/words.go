package audit

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/custodianhq/custodian/internal/vocab"
)

// CategoryText returns a category code in words a patient can read, such
// as "laboratory results" for "LAB"; an unknown code is returned as it is.
// The words are the module's one vocabulary, the same that consent's
// Category.Name returns.
func CategoryText(code string) string {
	if w, ok := vocab.CategoryWords(code); ok {
		return w
	}
	return code
}

// PurposeText returns a PurposeOfUse code in words, such as "public
// health" for "PUBHLTH"; an unknown code is returned as it is. The words
// are the module's one vocabulary, the same that consent's Purpose.Name
// returns.
func PurposeText(code string) string {
	if w, ok := vocab.PurposeWords(code); ok {
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
