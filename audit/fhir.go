package audit

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Code systems of the FHIR AuditEvent written by MarshalFHIRAuditEvent.
const (
	sysDCM         = "http://dicom.nema.org/resources/ontology/DCM"
	sysLifecycle   = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle"
	sysDICOMLife   = "http://terminology.hl7.org/CodeSystem/dicom-audit-lifecycle"
	sysActReason   = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
	sysActCode     = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	sysParticipate = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	sysSourceType  = "http://terminology.hl7.org/CodeSystem/security-source-type"
	sysEntityType  = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
	sysObjectRole  = "http://terminology.hl7.org/CodeSystem/object-role"
	sysResource    = "http://hl7.org/fhir/resource-types"
)

// sensitivityCodes are the categories that are v3-ActCode sensitivity
// codes; other categories are written as codes without a system.
var sensitivityCodes = map[string]bool{
	"ETH": true, "ETHUD": true, "OPIOIDUD": true, "SUD": true, "GDIS": true, "HIV": true, "MST": true,
	"PREGNANT": true, "SCA": true, "SICKLE": true, "SDV": true, "SEX": true, "SPI": true, "BH": true,
	"COGN": true, "DVD": true, "EMOTDIS": true, "MH": true, "PSY": true, "PSYTHPN": true, "STD": true,
	"TBOO": true, "VIO": true, "IDS": true, "42CFRPart2": true,
}

type fhirCoding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

type fhirConcept struct {
	Coding []fhirCoding `json:"coding"`
}

type fhirIdentifier struct {
	Value string `json:"value"`
}

type fhirReference struct {
	Reference  string          `json:"reference,omitempty"`
	Identifier *fhirIdentifier `json:"identifier,omitempty"`
	Display    string          `json:"display,omitempty"`
}

type fhirAgent struct {
	Type      *fhirConcept   `json:"type,omitempty"`
	Role      []fhirConcept  `json:"role,omitempty"`
	Who       *fhirReference `json:"who,omitempty"`
	Requestor bool           `json:"requestor"`
	Policy    []string       `json:"policy,omitempty"`
}

type fhirSource struct {
	Observer fhirReference `json:"observer"`
	Type     []fhirCoding  `json:"type,omitempty"`
}

type fhirDetail struct {
	Type        string `json:"type"`
	ValueString string `json:"valueString"`
}

type fhirEntity struct {
	What          *fhirReference `json:"what,omitempty"`
	Type          *fhirCoding    `json:"type,omitempty"`
	Role          *fhirCoding    `json:"role,omitempty"`
	Lifecycle     *fhirCoding    `json:"lifecycle,omitempty"`
	SecurityLabel []fhirCoding   `json:"securityLabel,omitempty"`
	Description   string         `json:"description,omitempty"`
	Detail        []fhirDetail   `json:"detail,omitempty"`
}

type fhirAuditEvent struct {
	ResourceType   string        `json:"resourceType"`
	ID             string        `json:"id,omitempty"`
	Type           fhirCoding    `json:"type"`
	Subtype        []fhirCoding  `json:"subtype,omitempty"`
	Action         string        `json:"action,omitempty"`
	Recorded       string        `json:"recorded"`
	Outcome        string        `json:"outcome,omitempty"`
	OutcomeDesc    string        `json:"outcomeDesc,omitempty"`
	PurposeOfEvent []fhirConcept `json:"purposeOfEvent,omitempty"`
	Agent          []fhirAgent   `json:"agent"`
	Source         fhirSource    `json:"source"`
	Entity         []fhirEntity  `json:"entity,omitempty"`
}

var (
	fhirIDPattern  = regexp.MustCompile(`^[A-Za-z0-9\-.]{1,64}$`)
	fhirRefPattern = regexp.MustCompile(`^[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$`)
)

// MarshalFHIRAuditEvent returns e as a FHIR R4 AuditEvent in JSON, shaped
// after the IHE Basic Audit Log Patterns (BALP):
//
//   - type: a disclosure is DCM 110106 "Export" with subtype
//     iso-21089-lifecycle "disclose" and action R, as BALP's
//     PrivacyDisclosure.Source; a decision is DCM 110113 "Security Alert"
//     with action E, as BALP's AuthZconsent; a consent change is DCM
//     110110 "Patient Record" with action C (stored) or U (revoked).
//   - recorded is the event's time; outcome is 0, or for a decision 4
//     (partial) or 8 (deny), with outcomeDesc saying which.
//   - purposeOfEvent is the purpose as a v3-ActReason code.
//   - agents: the actor as DCM 110153 "Source Role ID", requestor, with the
//     consent as policy; the recipient as DCM 110152 "Destination Role ID"
//     with role v3-ParticipationType IRCP, its name as display. A party ID
//     of the form Type/id becomes a reference, anything else an
//     identifier. source.observer is the actor.
//   - entities: the patient (audit-entity-type 1 Person, object-role 1
//     Patient); the data (2 System Object, role 4 Domain Resource) with
//     the categories as securityLabel (v3-ActCode for sensitivity codes,
//     no system for the host's own classes), a description in words, and
//     details "event-id", "rule", "basis", "obligation", "field",
//     "reason", "category-outcome" and, from a JSON log, "seq",
//     "prev-hash" and "hash"; and each consent relied on
//     (resource-types Consent).
//
// It does not claim conformance to a BALP profile: BALP requires network
// addresses of the agents, which an Event does not carry. The id is the
// event ID when it is a valid FHIR id.
func (e Event) MarshalFHIRAuditEvent() ([]byte, error) {
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
	default:
		a.Type = fhirCoding{Code: string(e.Type)}
	}
	if e.Purpose != "" {
		a.PurposeOfEvent = []fhirConcept{{Coding: []fhirCoding{{System: sysActReason, Code: e.Purpose}}}}
	}

	actor := fhirRef(e.Actor, "")
	src := fhirAgent{Type: &fhirConcept{Coding: []fhirCoding{{sysDCM, "110153", "Source Role ID"}}}, Who: actor, Requestor: true}
	for _, c := range splitList(e.ConsentID) {
		src.Policy = append(src.Policy, consentRef(c))
	}
	a.Agent = append(a.Agent, src)
	if e.Type != TypeConsent && (e.Recipient != "" || e.RecipientName != "") {
		a.Agent = append(a.Agent, fhirAgent{
			Type: &fhirConcept{Coding: []fhirCoding{{sysDCM, "110152", "Destination Role ID"}}},
			Role: []fhirConcept{{Coding: []fhirCoding{{sysParticipate, "IRCP", "information recipient"}}}},
			Who:  fhirRef(e.Recipient, e.RecipientName),
		})
	}
	if actor != nil {
		a.Source.Observer = *actor
	} else {
		a.Source.Observer = fhirReference{Display: "unknown"}
	}
	a.Source.Type = []fhirCoding{{sysSourceType, "4", "Application Server"}}

	if e.Patient != "" {
		a.Entity = append(a.Entity, fhirEntity{
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
	if e.Type == TypeDisclosure {
		data.Lifecycle = &fhirCoding{sysDICOMLife, "11", "Disclosure"}
	}
	for _, c := range e.Categories {
		if sensitivityCodes[c] {
			data.SecurityLabel = append(data.SecurityLabel, fhirCoding{System: sysActCode, Code: c})
		} else {
			data.SecurityLabel = append(data.SecurityLabel, fhirCoding{Code: c, Display: CategoryText(c)})
		}
	}
	data.Detail = fhirDetails(&e)
	a.Entity = append(a.Entity, data)
	for _, c := range splitList(e.ConsentID) {
		a.Entity = append(a.Entity, fhirEntity{
			What: &fhirReference{Reference: consentRef(c)},
			Type: &fhirCoding{sysResource, "Consent", "Consent"},
		})
	}
	return json.Marshal(a)
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
	for _, o := range e.Obligations {
		add("obligation", o)
	}
	for _, f := range e.Fields {
		add("field", f)
	}
	add("reason", e.Reason)
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
