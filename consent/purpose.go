package consent

import "github.com/custodianhq/custodian/internal/vocab"

// Parent returns the purpose p specializes in the HL7 PurposeOfUse
// hierarchy, or "" for a root or a code the hierarchy does not know.
func (p Purpose) Parent() Purpose { return Purpose(vocab.PurposeParent[string(p)]) }

// Within reports whether p is ancestor or one of its descendants in the HL7
// PurposeOfUse hierarchy: emergency treatment (ETREAT) is within treatment
// (TREAT), eligibility determination (ELIGDTRM) within payment (HPAYMT). A
// code the hierarchy does not know is within itself only.
func (p Purpose) Within(ancestor Purpose) bool {
	for q := p; q != ""; q = Purpose(vocab.PurposeParent[string(q)]) {
		if q == ancestor {
			return true
		}
	}
	return false
}
