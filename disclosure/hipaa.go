package disclosure

import (
	"bytes"
	_ "embed"
	"sync"
)

// hipaaPolicy is the source of the built-in policy, embedded at build time.
//
//go:embed policies/hipaa.yaml
var hipaaPolicy []byte

// hipaa parses the embedded policy once, on first use.
var hipaa = sync.OnceValue(func() *Policy {
	p, err := ParsePolicy(hipaaPolicy)
	if err != nil {
		// The embedded file is parsed by the package's own tests, so this is a
		// build defect, never a consequence of input.
		panic("disclosure: built-in policy policies/hipaa.yaml does not parse: " + err.Error())
	}
	return p
})

// HIPAA returns the built-in policy: the HIPAA Privacy Rule (45 CFR Part 164,
// Subpart E) and 42 CFR Part 2, one rule per legal ground, each permit citing
// its paragraph in Outcome.Basis. It is not legal advice.
//
// Deny rules come first: the public (press, social media), break-the-glass
// without a reason, marketing and sale of PHI without an authorization
// (164.508(a)(3)-(4)), the self-pay restriction (164.522(a)(1)(vi)),
// psychotherapy notes outside 164.508(a)(2), and Part 2 records without
// consent, a medical emergency (42 CFR 2.51), a Part 2 court order
// (2.64-2.65) or the patient's own access (2.23). Then the first matching
// permit decides: right of access (164.524), Part 2 consent, emergency and
// court order, de-identified research extracts, authorizations (164.508),
// break-the-glass, treatment, payment and operations (164.506), persons
// involved in care (164.510(b)), the Secretary (164.502(a)(2)(ii)), and
// 164.512(a) through (l) with limited data sets (164.514(e)). Disclosures
// that 164.528(a)(1) does not exclude carry the obligation "account".
//
// The policy reads these request fields:
//
//   - Recipient.Kind: patient, personal-representative, family, provider,
//     health-plan, clearinghouse, business-associate, employer, insurer,
//     attorney, public-health-authority, health-oversight-agency, court,
//     law-enforcement, coroner, organ-procurement, researcher,
//     correctional-institution, government, workers-compensation, hhs,
//     public, workforce.
//   - Purpose: an HL7 PurposeOfUse code, compared through its hierarchy
//     (TREAT, ETREAT, BTG, HPAYMT, HOPERAT, PATRQT, PUBHLTH, HRESCH, HMARKT
//     and their descendants). Emergency purposes require a non-blank Reason.
//   - Attributes, each a boolean the host sets to attest a fact the policy
//     cannot check: identity_verified, required_by_law, court_order,
//     subpoena_assurances, part2_court_order, irb_waiver, limited_data_set,
//     data_use_agreement, de_identified, self_pay, sale_of_phi,
//     note_originator, oversight_of_originator, funeral_director,
//     patient_agreed, best_interest, abuse_report, identify_locate,
//     crime_victim, death_by_crime, crime_on_premises, serious_threat,
//     apprehension, armed_forces, national_security, protective_services,
//     in_custody, and attestation (reserved; not read).
//
// A request with any other recipient kind or attribute is denied on every
// category, so a misspelling cannot change a decision. The header of
// [HIPAAPolicyFile] documents each term, the views and what the policy does
// not decide (state law, organizational policy, professional judgment).
//
// The policy is parsed once, on first call, and the same *Policy is returned
// to every caller; it is safe for concurrent use. The embedded file is
// parsed by this package's tests, so HIPAA panics only if the module was
// built from a policy file that fails them.
func HIPAA() *Policy { return hipaa() }

// HIPAAPolicyFile returns a copy of the source of the built-in policy, for a
// host to read, copy and extend with rules of its own (for example a state
// law requiring written consent for HIV results) before parsing it with
// [ParsePolicy].
func HIPAAPolicyFile() []byte { return bytes.Clone(hipaaPolicy) }
