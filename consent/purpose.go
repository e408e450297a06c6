package consent

// purposeParent is the HL7 v3 PurposeOfUse hierarchy (value set
// v3-PurposeOfUse): each code's parent. Roots are absent.
var purposeParent = map[Purpose]Purpose{
	"CLINTRL": Treatment, "COC": Treatment, "ETREAT": Treatment, "POPHLTH": Treatment,
	"BTG": EmergencyTreatment, "ERTREAT": EmergencyTreatment,

	"CLMATTCH": Payment, "COVAUTH": Payment, "COVERAGE": Payment, "ELIGDTRM": Payment,
	"ELIGVER": Payment, "ENROLLM": Payment, "MILDCRG": Payment, "REMITADV": Payment,

	"CAREMGT": Operations, "DONAT": Operations, "FRAUD": Operations, "GOV": Operations,
	"HACCRED": Operations, "HCOMPL": Operations, "HDECD": Operations, "HDIRECT": Operations,
	"HDM": Operations, "HLEGAL": Operations, "HOUTCOMS": Operations, "HPRGRP": Operations,
	"HQUALIMP": Operations, "HSYSADMIN": Operations, "LABELING": Operations, "METAMGT": Operations,
	"MEMADMIN": Operations, "MILCDM": Operations, "PATADMIN": Operations, "PATSFTY": Operations,
	"PERFMSR": Operations, "RECORDMGT": Operations, "SYSDEV": Operations, "HTEST": Operations,
	"TRAIN": Operations,

	"BIORCH": Research, "CLINTRCH": Research, "DSRCH": Research, "POARCH": Research,
	"TRANSRCH":    Research,
	"CLINTRCHNPC": ClinicalResearch, "CLINTRCHPC": ClinicalResearch, "PRECLINTRCH": ClinicalResearch,

	"FAMRQT": PatientRequest, "PWATRNY": PatientRequest, "SUPNWK": PatientRequest,

	"DISASTER": PublicHealth, "THREAT": PublicHealth,
}

// Parent returns the purpose p specializes in the HL7 PurposeOfUse
// hierarchy, or "" for a root or a code the hierarchy does not know.
func (p Purpose) Parent() Purpose { return purposeParent[p] }

// Within reports whether p is ancestor or one of its descendants in the HL7
// PurposeOfUse hierarchy: emergency treatment (ETREAT) is within treatment
// (TREAT), eligibility determination (ELIGDTRM) within payment (HPAYMT). A
// code the hierarchy does not know is within itself only.
func (p Purpose) Within(ancestor Purpose) bool {
	for q := p; q != ""; q = purposeParent[q] {
		if q == ancestor {
			return true
		}
	}
	return false
}
