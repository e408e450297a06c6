package audit

import (
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

// describe writes what was disclosed: the categories in words, then the
// record elements.
func describe(categories, fields []string) string {
	var b strings.Builder
	for i, c := range categories {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(CategoryText(c))
	}
	if len(fields) > 0 {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString("(record elements: ")
		b.WriteString(strings.Join(fields, ", "))
		b.WriteString(")")
	}
	if b.Len() == 0 {
		return "unspecified health information"
	}
	s := b.String()
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
