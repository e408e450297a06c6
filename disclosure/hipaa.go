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
	// The shipped form, kept in step with the file by the package's tests;
	// parsing the file is the fallback should the table ever be damaged.
	if checked, err := decodeChecked(hipaaChecked); err == nil {
		if p := attachChecked(shippedHIPAA(), checked); p != nil {
			return p
		}
	}
	p, err := ParsePolicy(hipaaPolicy)
	if err != nil {
		// The embedded file is parsed by the package's own tests, so this is a
		// build defect, never a consequence of input.
		panic("disclosure: built-in policy policies/hipaa.yaml does not parse: " + err.Error())
	}
	return p
})

// HIPAA returns the built-in policy: the HIPAA Privacy Rule (45 CFR Part 164,
// Subpart E) and 42 CFR Part 2 as amended in 2024, one rule per legal
// ground, each citing its paragraph in Outcome.Basis. It is not legal
// advice.
//
// Deny rules come first: the public without an authorization (an
// organizational rule), break-the-glass without a reason, a personal
// representative who endangers the individual (164.502(g)(5)), marketing
// and sale of PHI without an authorization (164.508(a)(3)-(4)), genetic
// information for a health plan's underwriting (164.502(a)(5)(i)), the
// self-pay restriction and every agreed restriction or objection on file
// (164.522(a), 164.510), directory and fundraising opt-outs, admissions
// learned in treatment (164.512(j)(2)), psychotherapy notes outside
// 164.508(a)(2), Part 2 records in proceedings against the patient, and Part
// 2 records outside the Part 2 exceptions. Then the first matching permit
// decides, the most frequent disclosures first: break-the-glass,
// de-identified data (164.502(d)), the right of access (164.524,
// 164.502(g)), treatment, payment, operations and fundraising (164.506,
// 164.514(f)), the Secretary, 164.512(a) through (l) with limited data sets
// (164.514(e)); then the Part 2 exceptions (consent, the patient, the
// program's own personnel, qualified service organizations, emergencies,
// the FDA, crimes on the premises, child-abuse reports, research, audits,
// de-identified data to public health, court orders), decedents of more
// than 50 years (164.502(f)), the psychotherapy-notes exceptions, marketing
// exceptions, authorizations (164.508), and the facility directory and
// persons involved in care (164.510). The HIPAA rules before the Part 2
// rules exclude Part 2 records. Disclosures that 164.528(a)(1) does not
// exclude carry the obligation "account".
//
// HIV, genetic, sexual and reproductive health, STD, pregnancy,
// domestic-violence and minors' information and substance-use information
// outside a Part 2 program follow HIPAA: treatment, payment, operations and
// 164.512 reach them. They are protected categories all the same, so that
// an authorization reaches them only when it names them. A record is a Part
// 2 record when it carries the DS4P label 42CFRPart2, or a substance-use
// label and the request attribute part2_program. [StateSensitive] layers a
// stricter, state-law reading on top.
//
// The policy reads Recipient.Kind, Purpose (an HL7 PurposeOfUse code,
// compared through its hierarchy; emergency purposes require a non-blank
// Reason) and Attributes, each a fact the host attests and the policy
// cannot check (identity_verified, required_by_law, court_order,
// part2_program, ...). A request with any other recipient kind or attribute
// is denied on every category, so a misspelling cannot change a decision.
// The header of [HIPAAPolicyFile] documents every kind, attribute, view and
// what the policy does not decide (state law, organizational policy,
// professional judgment).
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
