package consent

import "time"

// Party is a person, organization or system that grants, discloses or
// receives information. ID is what queries and provisions match on: for a
// party read from FHIR it is the reference, such as "Organization/f001".
type Party struct {
	ID   string // stable identifier, e.g. "Organization/acme-cardiology"
	Name string // display name, for people and logs
	Kind string // recipient or requester kind from the shared vocabulary: "employer", "provider", ...
}

// Period is a half-open interval of time [Start, End). A zero Start is open
// towards the past; a zero End is open towards the future.
type Period struct {
	Start time.Time
	End   time.Time
}

// Contains reports whether t falls within the period.
func (p Period) Contains(t time.Time) bool {
	if !p.Start.IsZero() && t.Before(p.Start) {
		return false
	}
	if !p.End.IsZero() && !t.Before(p.End) {
		return false
	}
	return true
}

// IsZero reports whether the period has neither start nor end.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// Effect is what a provision does when it matches. The zero value is Deny,
// so that a provision whose effect was never set cannot grant anything.
type Effect uint8

const (
	// Deny refuses the disclosure. It is the zero value.
	Deny Effect = iota
	// Permit allows the disclosure.
	Permit
)

// String returns "deny" or "permit".
func (e Effect) String() string {
	if e == Permit {
		return "permit"
	}
	return "deny"
}

// Status is the life-cycle state of a consent. Only Active consents, and
// Revoked ones for instants before their revocation, are acted on.
type Status string

// The consent states. They are the FHIR R4 consent-state-codes, with
// "inactive" read as Revoked.
const (
	Draft          Status = "draft"
	Proposed       Status = "proposed"
	Active         Status = "active"
	Revoked        Status = "inactive"
	Rejected       Status = "rejected"
	EnteredInError Status = "entered-in-error"
)

// Actor is a party a provision controls, with the role it plays: in FHIR
// terms an actor of provision.actor, such as role "IRCP" (information
// recipient) for Organization/acme-cardiology.
type Actor struct {
	Role      Coding // e.g. {System: v3-ParticipationType, Code: "IRCP"}
	Reference string // party ID, e.g. "Organization/acme-cardiology"
	Name      string // display name, e.g. "Acme Cardiology"; from FHIR reference.display
}

// Coding is a code from a code system, as in FHIR.
type Coding struct {
	System  string
	Code    string
	Display string
}

// DataRef names a specific resource a provision is about, with how far the
// provision reaches from it (FHIR consent-data-meaning: "instance",
// "related", "dependents", "authoredby").
type DataRef struct {
	Meaning   string
	Reference string
}

// Provision is a rule of a consent: when its conditions match a query, its
// Effect applies. Nested Provisions are exceptions to their parent, to any
// depth: a matching child overrides its parent. Within one element any listed
// value matches (OR); across elements every listed element must match (AND);
// an empty element does not constrain.
type Provision struct {
	Effect     Effect
	Recipients []string   // party IDs the provision is about (FHIR actors with a recipient role); empty: anyone the parent allows
	Purposes   []Purpose  // empty: any purpose the parent allows
	Categories []Category // security labels; empty: any non-protected category the parent allows
	Period     Period     // when the provision is in force

	// The rest of what an R4 provision can say, kept so that no restriction
	// is lost in a round trip and a permit never grows broader than the
	// document that granted it.
	Actors     []Actor  // every actor, with its role, including the recipients above
	Actions    []Coding // consentaction codes: collect, access, use, disclose, correct; empty: all actions
	Classes    []Coding // resource types, profiles, document types, MIME types
	Codes      []Coding // codes that must appear in the instance
	DataPeriod Period   // the clinical time window of the data, not of the rule
	Data       []DataRef

	Provisions []Provision // exceptions to this provision
}

// Consent is a patient's authorization or restriction: who may disclose what
// to whom, for which purposes, and until when. The fields follow the core
// elements of a HIPAA authorization (45 CFR 164.508(c)(1)) and FHIR R4
// Consent.
type Consent struct {
	ID        string
	Patient   string // the patient's ID, e.g. "Patient/f001"
	Status    Status
	Grantor   Party     // the patient or a personal representative, who signed
	Signed    time.Time // when the authorization was signed (164.508(c)(1)(vi))
	Period    Period    // when the authorization is in force; Period.End is its expiration date (164.508(c)(1)(v))
	Provision Provision // the root provision: the base decision and its exceptions

	Description string    // the information to be disclosed, in words (164.508(c)(1)(i))
	Disclosers  []Party   // who may make the disclosure (164.508(c)(1)(ii))
	ExpiryEvent string    // the expiration event when Period.End is zero (164.508(c)(1)(v))
	Authority   string    // a personal representative's authority to sign (164.508(c)(1)(vi))
	Revoked     time.Time // when it was revoked; zero unless revoked. A revocation is not retroactive.

	Kind   Kind   // authorization, restriction or directive; Unstated: see Classify
	Domain Domain // what the consent governs (FHIR Consent.scope); the zero value is privacy

	// FHIR keeps what a FHIR R4 Consent says beyond the model, so that a
	// consent read from FHIR is written back without loss.
	FHIR FHIRDetails
}

// Query asks what a consent says about one disclosure.
type Query struct {
	Recipient string    // the receiving party's ID
	Purpose   Purpose   // why
	Category  Category  // which data category
	At        time.Time // when the disclosure happens
	Action    string    // the consentaction code asked about; "" means "disclose", which provisions about disclose, access and use cover

	// Protected is the set of specially protected categories, covered only
	// by a provision that names them. nil means DefaultProtected; a non-nil
	// empty slice means none.
	Protected []Category
}

// Result is what a consent, or a set of consents, says about a Query. The
// zero Result says nothing: it neither permits nor denies.
type Result struct {
	Applies   bool   // false: the consent says nothing about the query
	Effect    Effect // meaningful only when Applies
	ConsentID string // the consent that decided

	// Depth is 0 when only the consent's base decision (its root
	// provision) applied, and the depth of the deciding provision when an
	// exception matched. An exception is what the patient said about this
	// very disclosure; the base decision is what the document says about
	// everything it does not name.
	Depth int

	// Narrowed reports a permit that covers only part of the category's
	// data: the deciding path restricts resource classes, codes, specific
	// resources, the data's period, or actors other than the recipient and
	// the custodian. The host must release only what those restrictions
	// allow: Consent.ScopeOf returns them.
	Narrowed bool

	// Excludes reports a deny limited to certain data that matched the
	// query: that data is withheld (Consent.ScopeOf returns it in
	// Scope.Exclude) while the rest of the category is decided by the
	// other provisions and consents. With Applies false it is the only
	// thing the consent says.
	Excludes bool
}

// Permits reports whether the result grants the disclosure.
func (r Result) Permits() bool { return r.Applies && r.Effect == Permit }

// Denies reports whether the result refuses the disclosure.
func (r Result) Denies() bool { return r.Applies && r.Effect == Deny }
