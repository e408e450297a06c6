package audit

import (
	"encoding/json"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/custodianhq/custodian/internal/codesys"
	"github.com/custodianhq/custodian/internal/vocab"
)

// Code systems of the FHIR AuditEvent written by MarshalFHIRAuditEvent.
const (
	sysDCM          = "http://dicom.nema.org/resources/ontology/DCM"
	sysLifecycle    = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle"
	sysDICOMLife    = "http://terminology.hl7.org/CodeSystem/dicom-audit-lifecycle"
	sysActReason    = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
	sysParticipate  = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	sysSourceType   = "http://terminology.hl7.org/CodeSystem/security-source-type"
	sysEntityType   = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
	sysObjectRole   = "http://terminology.hl7.org/CodeSystem/object-role"
	sysResource     = "http://hl7.org/fhir/resource-types"
	sysSecurityRole = "http://terminology.hl7.org/CodeSystem/extra-security-role-type"
	sysBALPEntity   = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType"
)

var (
	fhirIDPattern  = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)
	fhirRefPattern = regexp.MustCompile(`^[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$`)
)

// ProfilePrivacyDisclosureSource is the canonical URL of the IHE Basic
// Audit Log Patterns (BALP 1.1) profile "Audit Event for Privacy Disclosure
// at Source", which the AuditEvent of a disclosure states in meta.profile:
// https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.PrivacyDisclosure.Source.html
const ProfilePrivacyDisclosureSource = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source"

// FHIRWriter writes events as FHIR R4 AuditEvents. Its fields say what
// the IHE BALP profiles ask of an audit record that an [Event] does not
// carry: the system that released and records the information, its network
// address, the recipients' addresses, and the organization that holds the
// records. The zero
// FHIRWriter is ready to use (it is what [Event.MarshalFHIRAuditEvent]
// uses); a FHIRWriter is safe for concurrent use.
type FHIRWriter struct {
	// Source is the party ID of the system that released the information
	// and records the event, e.g. "Device/lis-01": the source agent and
	// source.observer. Empty means the event's actor.
	Source string
	// SourceNetwork is the source's network address: a URI, an IP address
	// or a host name. Empty writes the address as unknown, with the
	// data-absent-reason extension.
	SourceNetwork string
	// Custodian is the party ID of the organization that holds the records
	// and released them, e.g. "Organization/northside-lab": the custodian
	// agent BALP asks a disclosure to have. Empty leaves it out.
	Custodian string
	// RecipientNetwork, if set, returns the network address of a
	// recipient, given its party ID, or "" if it is not known (then the
	// address is written as unknown). It must be safe for concurrent use.
	RecipientNetwork func(recipient string) string
}

// MarshalFHIRAuditEvent returns e as a FHIR R4 AuditEvent in JSON, written
// by the zero [FHIRWriter].
func (e Event) MarshalFHIRAuditEvent() ([]byte, error) {
	return FHIRWriter{}.Marshal(e)
}

// Marshal returns e as a FHIR R4 AuditEvent in JSON, shaped after the IHE
// Basic Audit Log Patterns (BALP):
//
//   - A disclosure follows BALP's PrivacyDisclosure.Source and states it in
//     meta.profile ([ProfilePrivacyDisclosureSource]): type DCM 110106
//     "Export", subtype iso-21089-lifecycle "disclose", action R; agents
//     source (DCM 110153, the [FHIRWriter.Source] or the actor, with its
//     network address, and the same as source.observer), recipient (DCM
//     110152, role v3-ParticipationType IRCP, its name as display, its
//     network address from [FHIRWriter.RecipientNetwork]) and custodian (SNOMED CT 159541003, when
//     [FHIRWriter.Custodian] is set); entities patient (audit-entity-type 1,
//     object-role 1) and the data. outcome is 0; a partial release says so
//     in outcomeDesc.
//   - A decision is DCM 110113 "Security Alert" with action E, outcome 0, 4
//     (partial) or 8 (deny). It states no profile: BALP's AuthZconsent
//     requires a consent entity and allows no other entity, while a decision
//     need not rest on a consent and its record is the rule, the basis and
//     the policy.
//   - A consent change is DCM 110110 "Patient Record", action C (stored) or
//     U (revoked). A cancellation is an Export with outcome 8 and the
//     cancelled event in outcomeDesc and in the detail "cancels". Neither
//     states a profile.
//
// In every event: recorded is the event's time; purposeOfEvent is the
// purpose as a v3-ActReason code; the actor, when it is not the source, is
// an agent of its own (DCM 110150 "Application" for a Device, else
// extra-security-role-type humanuser), and the requestor, with the consent
// as policy. The data entity (type 2 System
// Object, role 4 Domain Resource) carries the categories as securityLabel
// (v3-ActCode for sensitivity codes, no system for the host's own classes),
// a description in words, and details "event-id", "rule", "basis",
// "policy-name", "policy-version", "policy-hash", "obligation", "field",
// "reason", "category-outcome", "cancels" and, from a JSON log, "seq",
// "prev-hash" and "hash". Each released resource is an entity of its own
// (what: the "Type/id" reference); the correlation ID is an entity of
// BALP's type XrequestId (what.identifier); each consent relied on is an
// entity of type resource-types Consent. A party ID of the form Type/id
// becomes a reference, anything else an identifier. The id is the event ID
// when it is a valid FHIR id.
//
// BALP requires a disclosure to give the network addresses of the source
// and the recipient, which an Event does not carry: without SourceNetwork,
// or an address from RecipientNetwork, each is written as unknown
// (extension data-absent-reason).
func (w FHIRWriter) Marshal(e Event) ([]byte, error) {
	t := e.Time.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, errTimeRange
	}
	a := fhirAuditEvent{ResourceType: "AuditEvent", Recorded: t.Format(time.RFC3339Nano), Outcome: "0"}
	if fhirIDPattern.MatchString(e.ID) {
		a.ID = e.ID
	}
	switch e.Type {
	case TypeDisclosure:
		a.Meta = &fhirMeta{Profile: []string{ProfilePrivacyDisclosureSource}}
		a.Type = fhirCoding{sysDCM, "110106", "Export"}
		a.Subtype = []fhirCoding{{sysLifecycle, "disclose", "Disclose"}}
		a.Action = "R"
		if e.Outcome == OutcomePartial {
			a.OutcomeDesc = "partial: some requested categories were withheld"
		}
	case TypeDecision:
		a.Type = fhirCoding{sysDCM, "110113", "Security Alert"}
		a.Action = "E"
		switch e.Outcome {
		case OutcomePartial:
			a.Outcome, a.OutcomeDesc = "4", "partial: some requested categories were denied"
		case OutcomeDeny:
			a.Outcome, a.OutcomeDesc = "8", "deny"
		}
	case TypeConsent:
		a.Type = fhirCoding{sysDCM, "110110", "Patient Record"}
		a.Action = "C"
		if e.Outcome == "revoked" {
			a.Action = "U"
		}
		a.OutcomeDesc = e.Outcome
	case TypeCancellation:
		a.Type = fhirCoding{sysDCM, "110106", "Export"}
		a.Subtype = []fhirCoding{{sysLifecycle, "disclose", "Disclose"}}
		a.Action = "R"
		a.Outcome, a.OutcomeDesc = "8", "cancelled: the disclosure recorded as event "+e.Cancels+" did not happen"
	default:
		a.Type = fhirCoding{Code: string(e.Type)}
	}
	if e.Purpose != "" {
		a.PurposeOfEvent = []fhirConcept{{Coding: []fhirCoding{{System: sysActReason, Code: e.Purpose}}}}
	}
	a.Agent = w.agents(&e)
	a.Source.Observer = *a.Agent[0].Who
	a.Source.Type = []fhirCoding{{sysSourceType, "4", "Application Server"}}
	a.Entity = fhirEntities(&e)
	return json.Marshal(a)
}

// agents returns the agents of e, the source first.
func (w FHIRWriter) agents(e *Event) []fhirAgent {
	source := w.Source
	if source == "" {
		source = e.Actor
	}
	var policy []string
	for _, c := range splitList(e.ConsentID) {
		policy = append(policy, consentRef(c))
	}
	// The profile of a disclosure requires the network of the source and
	// the recipient; elsewhere an unknown one is left out.
	required := e.Type == TypeDisclosure
	src := fhirAgent{
		Type:    &fhirConcept{Coding: []fhirCoding{{sysDCM, "110153", "Source Role ID"}}},
		Who:     fhirRef(source, ""),
		Network: fhirNetworkOf(w.SourceNetwork, required),
	}
	if src.Who == nil {
		src.Who = &fhirReference{Display: "unknown"}
	}
	agents := []fhirAgent{src}
	if source == e.Actor {
		agents[0].Requestor, agents[0].Policy = true, policy
	} else if e.Actor != "" {
		typ := fhirCoding{sysSecurityRole, "humanuser", "human user"}
		if strings.HasPrefix(e.Actor, "Device/") {
			typ = fhirCoding{sysDCM, "110150", "Application"}
		}
		agents = append(agents, fhirAgent{
			Type:      &fhirConcept{Coding: []fhirCoding{typ}},
			Who:       fhirRef(e.Actor, ""),
			Requestor: true,
			Policy:    policy,
		})
	}
	if e.Type != TypeConsent && (e.Recipient != "" || e.RecipientName != "") {
		agents = append(agents, fhirAgent{
			Type:    &fhirConcept{Coding: []fhirCoding{{sysDCM, "110152", "Destination Role ID"}}},
			Role:    []fhirConcept{{Coding: []fhirCoding{{sysParticipate, "IRCP", "information recipient"}}}},
			Who:     fhirRef(e.Recipient, e.RecipientName),
			Network: fhirNetworkOf(w.recipientNetwork(e.Recipient), required),
		})
	}
	if w.Custodian != "" && (e.Type == TypeDisclosure || e.Type == TypeCancellation) {
		agents = append(agents, fhirAgent{
			Type: &fhirConcept{Coding: []fhirCoding{{codesys.SNOMED, "159541003", "Record keeping/library clerk"}}},
			Who:  fhirRef(w.Custodian, ""),
		})
	}
	return agents
}

func (w FHIRWriter) recipientNetwork(recipient string) string {
	if w.RecipientNetwork == nil || recipient == "" {
		return ""
	}
	return w.RecipientNetwork(recipient)
}

// fhirNetworkOf returns the network element of an address: a URI (type 5)
// if it has a scheme, an IP address (2) if it parses as one, else a
// machine name (1). An empty address is written as unknown if required,
// else left out.
func fhirNetworkOf(addr string, required bool) *fhirNetwork {
	switch {
	case addr == "" && !required:
		return nil
	case addr == "":
		return &fhirNetwork{Extension: []fhirExtension{{codesys.DataAbsentReason, "unknown"}}}
	case strings.Contains(addr, "://"):
		return &fhirNetwork{Address: addr, Type: "5"}
	case net.ParseIP(addr) != nil:
		return &fhirNetwork{Address: addr, Type: "2"}
	default:
		return &fhirNetwork{Address: addr, Type: "1"}
	}
}

// fhirEntities returns the entities of e: the patient, the data, each
// released resource, the correlation ID and each consent.
func fhirEntities(e *Event) []fhirEntity {
	var out []fhirEntity
	if e.Patient != "" {
		out = append(out, fhirEntity{
			What: fhirRef(e.Patient, ""),
			Type: &fhirCoding{sysEntityType, "1", "Person"},
			Role: &fhirCoding{sysObjectRole, "1", "Patient"},
		})
	}
	data := fhirEntity{
		Type:        &fhirCoding{sysEntityType, "2", "System Object"},
		Role:        &fhirCoding{sysObjectRole, "4", "Domain Resource"},
		Description: describe(e.Categories, e.Fields),
	}
	var lifecycle *fhirCoding
	if e.Type == TypeDisclosure {
		lifecycle = &fhirCoding{sysDICOMLife, "11", "Disclosure"}
		data.Lifecycle = lifecycle
	}
	for _, c := range e.Categories {
		// An HL7 code (sensitivity, confidentiality) is written in its
		// system; the host's data classes as codes without one.
		if system, ok := vocab.CategorySystem(c); ok && system != vocab.SystemHost {
			data.SecurityLabel = append(data.SecurityLabel, fhirCoding{System: system, Code: c})
		} else {
			data.SecurityLabel = append(data.SecurityLabel, fhirCoding{Code: c, Display: CategoryText(c)})
		}
	}
	data.Detail = fhirDetails(e)
	out = append(out, data)
	for _, r := range e.Resources {
		out = append(out, fhirEntity{
			What:      fhirRef(r, ""),
			Type:      &fhirCoding{sysEntityType, "2", "System Object"},
			Role:      &fhirCoding{sysObjectRole, "4", "Domain Resource"},
			Lifecycle: lifecycle,
		})
	}
	if e.CorrelationID != "" {
		out = append(out, fhirEntity{
			What: &fhirReference{Identifier: &fhirIdentifier{Value: e.CorrelationID}},
			Type: &fhirCoding{sysBALPEntity, "XrequestId", "transport specific unique identifier where http X-Request-Id is used"},
		})
	}
	for _, c := range splitList(e.ConsentID) {
		out = append(out, fhirEntity{
			What: &fhirReference{Reference: consentRef(c)},
			Type: &fhirCoding{sysResource, "Consent", "Consent"},
		})
	}
	return out
}

func fhirDetails(e *Event) []fhirDetail {
	var d []fhirDetail
	add := func(typ, v string) {
		if v != "" {
			d = append(d, fhirDetail{typ, v})
		}
	}
	add("event-id", e.ID)
	add("rule", e.Rule)
	add("basis", e.Basis)
	add("policy-name", e.PolicyName)
	add("policy-version", e.PolicyVersion)
	add("policy-hash", e.PolicyHash)
	for _, o := range e.Obligations {
		add("obligation", o)
	}
	for _, f := range e.Fields {
		add("field", f)
	}
	add("reason", e.Reason)
	add("cancels", e.Cancels)
	for _, c := range e.PerCategory {
		s := c.Category + ": " + c.Effect
		var why []string
		for _, x := range []string{c.Rule, c.Basis, c.ConsentID} {
			if x != "" {
				why = append(why, x)
			}
		}
		if len(why) > 0 {
			s += " (" + strings.Join(why, "; ") + ")"
		}
		add("category-outcome", s)
	}
	if e.Seq != 0 {
		add("seq", strconv.FormatUint(e.Seq, 10))
		add("prev-hash", e.PrevHash)
		add("hash", e.Hash)
	}
	return d
}

// fhirRef makes a reference of a party ID: a reference if it reads
// Type/id, else an identifier; nil if there is nothing to say.
func fhirRef(id, display string) *fhirReference {
	switch {
	case id == "" && display == "":
		return nil
	case fhirRefPattern.MatchString(id):
		return &fhirReference{Reference: id, Display: display}
	case id != "":
		return &fhirReference{Identifier: &fhirIdentifier{Value: id}, Display: display}
	default:
		return &fhirReference{Display: display}
	}
}

func consentRef(id string) string {
	if strings.HasPrefix(id, "Consent/") {
		return id
	}
	return "Consent/" + id
}

// splitList splits a ","-joined list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
