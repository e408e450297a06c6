// Package vocab is the one vocabulary of the module: the codes of purposes
// of use and data categories, their code systems, the words a patient
// reads for each, the HL7 PurposeOfUse hierarchy and the default set of
// specially protected categories. The consent and audit packages, which
// never import each other, both read it here, so that a code means the
// same thing and is named with the same words everywhere.
//
// It is internal: users reach it through consent.Purpose.Name,
// consent.Category.Name, consent.DefaultProtected and audit.CategoryText.
package vocab

import "github.com/custodianhq/custodian/internal/codesys"

// Code systems.
const (
	SystemActReason       = "http://terminology.hl7.org/CodeSystem/v3-ActReason"         // PurposeOfUse codes
	SystemActCode         = codesys.ActCode                                              // sensitivity and consent-directive codes
	SystemConfidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"   // U, L, M, N, R, V
	SystemParticipation   = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType" // actor roles such as IRCP
	SystemConsentAction   = "http://terminology.hl7.org/CodeSystem/consentaction"        // collect, access, use, disclose, correct
	SystemHost            = ""                                                           // the data classes of the host: LAB, DEMO, ...
)

// Term is a code, its system and the words a patient reads for it.
type Term struct {
	Code   string
	System string
	Words  string
}

// Purposes are the PurposeOfUse codes (v3-ActReason) the module names.
var Purposes = []Term{
	{"TREAT", SystemActReason, "treatment"},
	{"ETREAT", SystemActReason, "emergency treatment"},
	{"BTG", SystemActReason, "emergency access overriding normal restrictions"},
	{"ERTREAT", SystemActReason, "emergency room treatment"},
	{"COC", SystemActReason, "continuity of care"},
	{"CLINTRL", SystemActReason, "treatment in a clinical trial"},
	{"POPHLTH", SystemActReason, "population health"},
	{"HPAYMT", SystemActReason, "payment"},
	{"COVERAGE", SystemActReason, "insurance coverage"},
	{"CLMATTCH", SystemActReason, "insurance claims"},
	{"ELIGDTRM", SystemActReason, "eligibility determination"},
	{"ELIGVER", SystemActReason, "eligibility verification"},
	{"COVAUTH", SystemActReason, "coverage authorization"},
	{"ENROLLM", SystemActReason, "enrollment"},
	{"HOPERAT", SystemActReason, "health care operations"},
	{"HLEGAL", SystemActReason, "legal matters"},
	{"HQUALIMP", SystemActReason, "quality improvement"},
	{"FRAUD", SystemActReason, "fraud detection"},
	{"CAREMGT", SystemActReason, "care management"},
	{"PATSFTY", SystemActReason, "patient safety"},
	{"HACCRED", SystemActReason, "accreditation"},
	{"HCOMPL", SystemActReason, "compliance"},
	{"HRESCH", SystemActReason, "research"},
	{"CLINTRCH", SystemActReason, "clinical trial research"},
	{"BIORCH", SystemActReason, "biomedical research"},
	{"PATRQT", SystemActReason, "your own request"},
	{"FAMRQT", SystemActReason, "the request of a family member you authorized"},
	{"PWATRNY", SystemActReason, "the request of your legal representative"},
	{"SUPNWK", SystemActReason, "the request of your support network"},
	{"PUBHLTH", SystemActReason, "public health"},
	{"DISASTER", SystemActReason, "disaster relief"},
	{"THREAT", SystemActReason, "averting a serious threat to health or safety"},
	{"HMARKT", SystemActReason, "marketing"},
	{"GOV", SystemActReason, "government functions"},
}

// Categories are the data classes and the sensitivity and confidentiality
// codes the module names.
var Categories = []Term{
	{"LAB", SystemHost, "laboratory results"},
	{"DEMO", SystemHost, "demographic information (such as name, address and date of birth)"},
	{"MEDS", SystemHost, "medications"},
	{"IMG", SystemHost, "imaging results"},
	{"NOTES", SystemHost, "clinical notes"},
	{"ETH", SystemActCode, "substance use treatment records"},
	{"SUD", SystemActCode, "substance use disorder information"},
	{"ETHUD", SystemActCode, "alcohol use disorder information"},
	{"OPIOIDUD", SystemActCode, "opioid use disorder information"},
	{"42CFRPart2", SystemActCode, "substance use disorder treatment records (42 CFR Part 2)"},
	{"HIV", SystemActCode, "HIV/AIDS information"},
	{"GDIS", SystemActCode, "genetic information"},
	{"PSYTHPN", SystemActCode, "psychotherapy notes"},
	{"PSY", SystemActCode, "psychiatric information"},
	{"MH", SystemActCode, "mental health information"},
	{"BH", SystemActCode, "behavioral health information"},
	{"SDV", SystemActCode, "information about sexual assault, abuse or domestic violence"},
	{"SEX", SystemActCode, "sexual and reproductive health information"},
	{"STD", SystemActCode, "sexually transmitted disease information"},
	{"PREGNANT", SystemActCode, "pregnancy information"},
	{"SICKLE", SystemActCode, "sickle cell information"},
	{"SCA", SystemActCode, "sickle cell information"},
	{"MST", SystemActCode, "military sexual trauma information"},
	{"VIO", SystemActCode, "information about violence"},
	{"ADOL", SystemActCode, "adolescent confidential services"},
	{"VIP", SystemActCode, "information flagged as a public figure's"},
	{"EMP", SystemActCode, "information flagged as an employee's"},
	{"SPI", SystemActCode, "specially protected information"},
	{"COGN", SystemActCode, "cognitive disability information"},
	{"DVD", SystemActCode, "developmental disability information"},
	{"EMOTDIS", SystemActCode, "emotional disturbance information"},
	{"TBOO", SystemActCode, "information on a taboo subject"},
	{"IDS", SystemActCode, "identifier-sensitive information"},
	{"CEL", SystemActCode, "information flagged as a celebrity's"},
	{"U", SystemConfidentiality, "unrestricted information"},
	{"L", SystemConfidentiality, "low-sensitivity information"},
	{"M", SystemConfidentiality, "moderately sensitive information"},
	{"N", SystemConfidentiality, "normal health information"},
	{"R", SystemConfidentiality, "restricted information"},
	{"V", SystemConfidentiality, "very restricted information"},
}

// Sensitive is the default set of specially protected categories: covered
// only by a consent that names them, never by a general rule. It must not
// be changed; callers copy it.
var Sensitive = []string{
	"PSYTHPN",
	"ETH", "SUD", "ETHUD", "OPIOIDUD", "42CFRPart2",
	"HIV",
	"GDIS",
	"SEX", "STD", "PREGNANT",
	"SDV",
}

// Kinds are the recipient and requester kinds of the shared vocabulary.
var Kinds = []string{
	"patient", "personal-representative", "family", "provider", "health-plan", "clearinghouse",
	"business-associate", "employer", "insurer", "attorney", "public-health-authority",
	"health-oversight-agency", "court", "law-enforcement", "coroner", "organ-procurement",
	"researcher", "correctional-institution", "government", "workers-compensation", "hhs",
	"public", "workforce",
}

// Obligations are the obligations of the shared vocabulary.
var Obligations = []string{"account", "redisclosure-notice", "review", "minimum-necessary", "notify-patient"}

// PurposeParent is the HL7 v3 PurposeOfUse hierarchy (value set
// v3-PurposeOfUse): each code's parent. Roots are absent.
var PurposeParent = map[string]string{
	"CLINTRL": "TREAT", "COC": "TREAT", "ETREAT": "TREAT", "POPHLTH": "TREAT",
	"BTG": "ETREAT", "ERTREAT": "ETREAT",

	"CLMATTCH": "HPAYMT", "COVAUTH": "HPAYMT", "COVERAGE": "HPAYMT", "ELIGDTRM": "HPAYMT",
	"ELIGVER": "HPAYMT", "ENROLLM": "HPAYMT", "MILDCRG": "HPAYMT", "REMITADV": "HPAYMT",

	"CAREMGT": "HOPERAT", "DONAT": "HOPERAT", "FRAUD": "HOPERAT", "GOV": "HOPERAT",
	"HACCRED": "HOPERAT", "HCOMPL": "HOPERAT", "HDECD": "HOPERAT", "HDIRECT": "HOPERAT",
	"HDM": "HOPERAT", "HLEGAL": "HOPERAT", "HOUTCOMS": "HOPERAT", "HPRGRP": "HOPERAT",
	"HQUALIMP": "HOPERAT", "HSYSADMIN": "HOPERAT", "LABELING": "HOPERAT", "METAMGT": "HOPERAT",
	"MEMADMIN": "HOPERAT", "MILCDM": "HOPERAT", "PATADMIN": "HOPERAT", "PATSFTY": "HOPERAT",
	"PERFMSR": "HOPERAT", "RECORDMGT": "HOPERAT", "SYSDEV": "HOPERAT", "HTEST": "HOPERAT",
	"TRAIN": "HOPERAT",

	"BIORCH": "HRESCH", "CLINTRCH": "HRESCH", "DSRCH": "HRESCH", "POARCH": "HRESCH",
	"TRANSRCH":    "HRESCH",
	"CLINTRCHNPC": "CLINTRCH", "CLINTRCHPC": "CLINTRCH", "PRECLINTRCH": "CLINTRCH",

	"FAMRQT": "PATRQT", "PWATRNY": "PATRQT", "SUPNWK": "PATRQT",

	"DISASTER": "PUBHLTH", "THREAT": "PUBHLTH",
}

var (
	purposeWords   = index(Purposes)
	categoryWords  = index(Categories)
	categorySystem = func() map[string]string {
		m := make(map[string]string, len(Categories))
		for _, t := range Categories {
			m[t.Code] = t.System
		}
		return m
	}()
)

func index(ts []Term) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Code] = t.Words
	}
	return m
}

// PurposeWords returns the words for a PurposeOfUse code, and false for a
// code the vocabulary does not name.
func PurposeWords(code string) (string, bool) {
	w, ok := purposeWords[code]
	return w, ok
}

// CategoryWords returns the words for a category code, and false for a
// code the vocabulary does not name.
func CategoryWords(code string) (string, bool) {
	w, ok := categoryWords[code]
	return w, ok
}

// IsPurpose reports whether code is a PurposeOfUse code the module knows:
// named, or in the hierarchy. Comparison is exact.
func IsPurpose(code string) bool {
	if _, ok := purposeWords[code]; ok {
		return true
	}
	_, ok := PurposeParent[code]
	return ok
}

// CategorySystem returns the code system of a category code ("" for the
// host's data classes), and false for a code the vocabulary does not name.
func CategorySystem(code string) (string, bool) {
	s, ok := categorySystem[code]
	return s, ok
}

// IsCategory reports whether code is a category the module knows.
// Comparison is exact: "hiv" is not "HIV".
func IsCategory(code string) bool {
	_, ok := categoryWords[code]
	return ok
}
