package consent

// Kind tells the three kinds of consent apart. They do different things:
//
//   - an Authorization (45 CFR 164.508) permits the disclosures it lists,
//     and only while it passes Validate; what it does not list it does not
//     permit, but that base deny is not a restriction: it refuses nothing
//     another authorization or a rule of law allows;
//   - a Restriction is an explicit deny the patient asked for or the
//     covered entity agreed to: an objection (164.510), an agreed
//     restriction (164.522), an opt-out of health information exchange. Its
//     deny provisions refuse; its permit exceptions are opt-ins, like a
//     Directive's;
//   - a Directive is a privacy consent that permits sharing within
//     treatment exchange (an opt-in) but authorizes no third party; its
//     deny provisions are restrictions.
//
// The zero Kind is Unstated: the kind follows from the provisions, an
// Authorization when any provision permits (so that it must validate to
// permit anything), else a Restriction.
type Kind uint8

const (
	// Unstated is the zero Kind: see Consent.Classify.
	Unstated Kind = iota
	// Authorization is a HIPAA authorization (164.508).
	Authorization
	// Restriction is a restriction, objection or opt-out.
	Restriction
	// Directive is a privacy directive: an opt-in to treatment exchange.
	Directive
)

// String returns "unstated", "authorization", "restriction" or "directive".
func (k Kind) String() string {
	switch k {
	case Authorization:
		return "authorization"
	case Restriction:
		return "restriction"
	case Directive:
		return "directive"
	}
	return "unstated"
}

// Classify returns the consent's kind: Kind when stated, else an
// Authorization when any provision permits and a Restriction when none
// does. ParseFHIR states the kind of every consent it reads (see the
// package documentation for how).
func (c *Consent) Classify() Kind {
	switch c.Kind {
	case Authorization, Restriction, Directive:
		return c.Kind
	}
	if c.Provision.permits() {
		return Authorization
	}
	return Restriction
}

// Domain is what a consent governs: FHIR R4 Consent.scope, a modifier. The
// zero Domain is PrivacyDomain.
type Domain string

const (
	// PrivacyDomain (FHIR consentscope "patient-privacy") governs every
	// use and disclosure of the patient's information.
	PrivacyDomain Domain = ""
	// ResearchDomain (FHIR consentscope "research") governs research
	// only: it decides no disclosure whose purpose is not within HRESCH.
	ResearchDomain Domain = "research"
)

// decides reports whether a consent of domain d decides a disclosure for
// purpose p.
func (d Domain) decides(p Purpose) bool {
	return d != ResearchDomain || p.Within(Research)
}
