package consent

// purposeNames are plain-language names of PurposeOfUse codes.
var purposeNames = map[Purpose]string{
	Treatment:          "treatment",
	EmergencyTreatment: "emergency treatment",
	BreakTheGlass:      "emergency access overriding normal restrictions",
	"ERTREAT":          "emergency room treatment",
	ContinuityOfCare:   "continuity of care",
	ClinicalTrial:      "treatment in a clinical trial",
	PopulationHealth:   "population health",
	Payment:            "payment",
	Coverage:           "insurance coverage",
	ClaimAttachment:    "insurance claims",
	Eligibility:        "eligibility determination",
	"ELIGVER":          "eligibility verification",
	"COVAUTH":          "coverage authorization",
	"ENROLLM":          "enrollment",
	Operations:         "health care operations",
	Legal:              "legal matters",
	QualityImprovement: "quality improvement",
	Fraud:              "fraud detection",
	"CAREMGT":          "care management",
	"PATSFTY":          "patient safety",
	"HACCRED":          "accreditation",
	"HCOMPL":           "compliance",
	Research:           "research",
	ClinicalResearch:   "clinical trial research",
	"BIORCH":           "biomedical research",
	PatientRequest:     "your own request",
	FamilyRequest:      "the request of a family member you authorized",
	PowerOfAttorney:    "the request of your legal representative",
	SupportNetwork:     "the request of your support network",
	PublicHealth:       "public health",
	Disaster:           "disaster relief",
	Threat:             "averting a serious threat to health or safety",
	Marketing:          "marketing",
	Government:         "government functions",
}

// Name returns a plain-language name of the purpose, such as "treatment"
// for TREAT, or the code itself when it has none.
func (p Purpose) Name() string {
	if n, ok := purposeNames[p]; ok {
		return n
	}
	return string(p)
}

// categoryNames are plain-language names of data classes and sensitivity
// and confidentiality codes.
var categoryNames = map[Category]string{
	Laboratory:           "laboratory results",
	Demographics:         "demographic information",
	Medications:          "medications",
	Imaging:              "imaging results",
	Notes:                "clinical notes",
	SubstanceUse:         "substance use information",
	SubstanceUseDisorder: "substance use disorder records",
	AlcoholUseDisorder:   "alcohol use disorder records",
	OpioidUseDisorder:    "opioid use disorder records",
	HIV:                  "HIV/AIDS information",
	Genetic:              "genetic information",
	PsychotherapyNotes:   "psychotherapy notes",
	Psychiatric:          "psychiatric information",
	MentalHealth:         "mental health information",
	BehavioralHealth:     "behavioral health information",
	SexualViolence:       "information about sexual assault, abuse or domestic violence",
	SexualHealth:         "sexual and reproductive health information",
	SexuallyTransmitted:  "sexually transmitted disease information",
	Pregnancy:            "pregnancy information",
	SickleCell:           "sickle cell information",
	"SCA":                "sickle cell information",
	MilitarySexual:       "military sexual trauma information",
	Violence:             "information about violence",
	Adolescent:           "adolescent confidential services",
	Celebrity:            "information flagged as a public figure's",
	Employee:             "information flagged as an employee's",
	Part2:                "records protected by 42 CFR Part 2",
	"SPI":                "specially protected information",
	"U":                  "unrestricted information",
	"L":                  "low-sensitivity information",
	"M":                  "moderately sensitive information",
	"N":                  "normal health information",
	"R":                  "restricted information",
	"V":                  "very restricted information",
}

// Name returns a plain-language name of the category, such as "HIV/AIDS
// information" for HIV, or the code itself when it has none.
func (c Category) Name() string {
	if n, ok := categoryNames[c]; ok {
		return n
	}
	return string(c)
}

// roleNames are plain-language names of actor roles.
var roleNames = map[string]string{
	"IRCP": "recipient", "PRCP": "recipient", "TRC": "recipient of copies",
	"GRANTEE": "grantee", "DELEGATEE": "delegate",
	"CST": "custodian", "AUT": "author", "INF": "informant", "LA": "legal authenticator",
	"WIT": "witness", "CONSENTER": "consenter", "GRANTOR": "grantor",
}

func roleName(code string) string {
	if n, ok := roleNames[code]; ok {
		return n
	}
	return code
}
