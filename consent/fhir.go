package consent

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"

	"github.com/custodianhq/custodian/internal/vocab"
)

// Code systems and extensions read and written by [ParseFHIR] and
// [Consent.MarshalFHIR].
const (
	SystemActReason       = vocab.SystemActReason       // PurposeOfUse codes
	SystemActCode         = vocab.SystemActCode         // sensitivity and consent-directive codes
	SystemConfidentiality = vocab.SystemConfidentiality // U, L, M, N, R, V
	SystemParticipation   = vocab.SystemParticipation   // actor roles such as IRCP
	SystemConsentAction   = vocab.SystemConsentAction   // collect, access, use, disclose, correct

	// ExtensionBase prefixes the URLs of the extensions that carry what the
	// model holds and R4 has no element for.
	ExtensionBase = "https://github.com/custodianhq/custodian/fhir/StructureDefinition/"

	ExtDescription = ExtensionBase + "consent-description"  // valueString: Consent.Description
	ExtExpiryEvent = ExtensionBase + "consent-expiry-event" // valueString: Consent.ExpiryEvent
	ExtAuthority   = ExtensionBase + "consent-authority"    // valueString: Consent.Authority
	ExtRevoked     = ExtensionBase + "consent-revoked"      // valueDateTime: Consent.Revoked
	ExtPartyKind   = ExtensionBase + "party-kind"           // valueCode on a performer or organization reference: Party.Kind
)

// Limits on the documents ParseFHIR reads.
const (
	// MaxFHIRBytes is the largest document ParseFHIR reads: 1 MiB.
	MaxFHIRBytes = 1 << 20
	// MaxProvisionDepth is the deepest provision nesting ParseFHIR reads
	// and MarshalFHIR writes; the root provision is at depth 1.
	MaxProvisionDepth = 32
	// maxJSONDepth bounds the nesting of any JSON value in the document.
	maxJSONDepth = 2*MaxProvisionDepth + 16
)

var (
	// ErrUnsupportedVersion is wrapped by the error for a Consent of a FHIR
	// version other than R4, such as STU3 (with except and consentingParty)
	// or R5 (with decision and grantor).
	ErrUnsupportedVersion = errors.New("consent: not a FHIR R4 Consent")
	// ErrTooLarge is wrapped by the error for a document over the size or
	// nesting limits.
	ErrTooLarge = errors.New("consent: document over the limits")
	// ErrNoBaseDecision is wrapped by the error for a Consent whose base
	// decision is neither stated (root provision.type) nor implied by a
	// known policyRule code. Guessing could grant what the patient refused.
	ErrNoBaseDecision = errors.New("consent: no base decision")
)

// FHIRError reports what of a FHIR document cannot be read, or what of a
// consent cannot be written as FHIR. Its message names the element, never
// the document's values beyond codes.
type FHIRError struct {
	// Path is the element, in a JSON-pointer-like form such as
	// "provision.provision[2].type"; empty for the whole document.
	Path string
	// Msg says what is wrong.
	Msg string
	// Err is a sentinel the error wraps, or nil.
	Err error
}

// Error returns "consent: FHIR <path>: <msg>".
func (e *FHIRError) Error() string {
	if e.Path == "" {
		return "consent: FHIR: " + e.Msg
	}
	return "consent: FHIR " + e.Path + ": " + e.Msg
}

// Unwrap returns the sentinel the error wraps.
func (e *FHIRError) Unwrap() error { return e.Err }

// FHIRDetails keeps what a FHIR R4 Consent says beyond the model, so that
// a consent read with ParseFHIR is written back by MarshalFHIR without
// loss. The zero value is a consent not read from FHIR; MarshalFHIR then
// writes default scope, category and policy elements.
type FHIRDetails struct {
	// Elements holds, by element name and as compact JSON, the top-level
	// elements the model does not carry: meta, language, text, contained,
	// identifier, scope, category, sourceAttachment, sourceReference,
	// policy, policyRule, verification, the extensions other than
	// Custodian's, and the "_"-prefixed extensions of primitive elements.
	Elements map[string]json.RawMessage
	// PatientDisplay is patient.display, the text shown for the patient.
	PatientDisplay string
	// Performers holds the performers after the first, which is the
	// Grantor, as compact JSON.
	Performers []json.RawMessage
}

// clone returns a deep copy of d.
func (d FHIRDetails) clone() FHIRDetails {
	if d.Elements != nil {
		m := make(map[string]json.RawMessage, len(d.Elements))
		for k, v := range d.Elements {
			m[k] = slices.Clone(v)
		}
		d.Elements = m
	}
	if d.Performers != nil {
		ps := make([]json.RawMessage, len(d.Performers))
		for i, p := range d.Performers {
			ps[i] = slices.Clone(p)
		}
		d.Performers = ps
	}
	return d
}

// rawElements are the top-level R4 elements kept in FHIRDetails.Elements,
// in the order MarshalFHIR writes them. The mapped elements (id, status,
// patient, dateTime, performer, organization, provision) have fixed places
// among them.
var rawElements = []string{
	"_id", "meta", "language", "_language", "text", "contained", "extension",
	"identifier", "_status", "scope", "category", "_dateTime",
	"sourceAttachment", "sourceReference", "policy", "policyRule", "verification",
}

// DefaultPolicyRules returns the base decision each R4 policyRule code
// implies when the root provision has no type, the mapping ParseFHIR uses:
// OPTIN and OPTINR (opt in, with restrictions) permit, OPTOUT and OPTOUTE
// (opt out, with exceptions) deny. It returns a new map on every call.
func DefaultPolicyRules() map[string]Effect {
	return map[string]Effect{"OPTIN": Permit, "OPTINR": Permit, "OPTOUT": Deny, "OPTOUTE": Deny}
}

// defaultRecipientRoles are the actor roles that make an actor a recipient.
var defaultRecipientRoles = []string{"IRCP", "PRCP", "TRC", "GRANTEE", "DELEGATEE"}

// DefaultRecipientRoles returns the actor role codes that make a provision
// actor one of its Recipients: IRCP (information recipient), PRCP (primary
// information recipient), TRC (tracker, a secondary recipient), GRANTEE and
// DELEGATEE. It returns a new slice on every call.
func DefaultRecipientRoles() []string { return slices.Clone(defaultRecipientRoles) }

// FHIRParser reads FHIR R4 Consent JSON. Its zero value is ready to use
// and is what ParseFHIR uses. A FHIRParser is safe for concurrent use as
// long as its fields are not changed.
type FHIRParser struct {
	// PolicyRules maps a policyRule code (any coding of it) to the base
	// decision it implies when the root provision has no type. nil means
	// DefaultPolicyRules.
	PolicyRules map[string]Effect
	// RecipientRoles are the actor role codes that make an actor a
	// recipient. nil means DefaultRecipientRoles.
	RecipientRoles []string
	// MaxBytes is the largest document read; 0 means MaxFHIRBytes.
	MaxBytes int
}

// ParseFHIR reads a FHIR R4 Consent from JSON with the zero FHIRParser.
// See the package documentation for what maps to what.
func ParseFHIR(data []byte) (Consent, error) {
	var p FHIRParser
	return p.Parse(data)
}

func (p *FHIRParser) policyRules() map[string]Effect {
	if p.PolicyRules != nil {
		return p.PolicyRules
	}
	return defaultPolicyRules
}

func (p *FHIRParser) isRecipientRole(code string) bool {
	roles := p.RecipientRoles
	if roles == nil {
		roles = defaultRecipientRoles
	}
	return slices.Contains(roles, code)
}

var defaultPolicyRules = DefaultPolicyRules()

// sortedKeys returns the keys of m in order, for deterministic errors.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
