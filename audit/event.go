package audit

import (
	"context"
	"time"
)

// EventType is what an event records.
type EventType string

// The event types.
const (
	// TypeDecision records a decision on a disclosure request (Decide), and a
	// Release that released nothing.
	TypeDecision EventType = "decision"
	// TypeDisclosure records information that left: a Release that released
	// something.
	TypeDisclosure EventType = "disclosure"
	// TypeConsent records a consent stored or revoked.
	TypeConsent EventType = "consent"
	// TypeCancellation records that the disclosure event named by Cancels
	// did not happen after all: the release failed after that event was
	// written (another sink refused it, or the host's delivery failed). The
	// accounting of disclosures and FindAffected leave a cancelled
	// disclosure out.
	TypeCancellation EventType = "cancellation"
)

// The values of Event.Outcome.
const (
	OutcomePermit  = "permit"  // every requested category was permitted
	OutcomePartial = "partial" // some categories were permitted, some withheld
	OutcomeDeny    = "deny"    // nothing was permitted
)

// Event is one entry of the audit trail. Its JSON field names are stable
// (see the package documentation).
type Event struct {
	ID            string    `json:"id"`             // the decision ID, or another unique ID
	Time          time.Time `json:"time"`           // when it happened
	Type          EventType `json:"type"`           // decision, disclosure, consent or cancellation
	Actor         string    `json:"actor"`          // the workforce member or system acting
	Patient       string    `json:"patient"`        // whom the information is about
	Recipient     string    `json:"recipient"`      // the recipient's party ID
	RecipientName string    `json:"recipient_name"` // the recipient's name (and address, if known), for the accounting
	Purpose       string    `json:"purpose"`        // PurposeOfUse code
	Outcome       string    `json:"outcome"`        // "permit", "partial" or "deny"
	Categories    []string  `json:"categories"`     // the categories requested (decision) or released (disclosure)
	Fields        []string  `json:"fields"`         // the record paths released (disclosure)
	Rule          string    `json:"rule"`           // the deciding rule; several joined by "," when categories differ
	Basis         string    `json:"basis"`          // the legal basis, e.g. "45 CFR 164.512(b)"
	ConsentID     string    `json:"consent_id"`     // the consent relied on or refused by, if any
	Reason        string    `json:"reason"`         // the requester's stated reason (break-the-glass)
	Obligations   []string  `json:"obligations"`    // e.g. "account", "redisclosure-notice", "review"

	// PolicyName, PolicyVersion and PolicyHash identify the policy that
	// decided (decision and disclosure events): its declared name and
	// version, and the SHA-256 of its source, so an auditor can tell
	// exactly which rules were in force.
	PolicyName    string `json:"policy_name,omitempty"`
	PolicyVersion string `json:"policy_version,omitempty"`
	PolicyHash    string `json:"policy_hash,omitempty"`
	// Resources lists the released resources as "Type/id", one per Bundle
	// entry (disclosure events).
	Resources []string `json:"resources,omitempty"`
	// CorrelationID is the host's identifier of the request that caused
	// the event (e.g. its HTTP request or ticket ID).
	CorrelationID string `json:"correlation_id,omitempty"`
	// Cancels, on a cancellation event, is the ID of the disclosure event
	// it cancels.
	Cancels string `json:"cancels,omitempty"`

	// PerCategory holds each category's own outcome when a request named
	// several.
	PerCategory []CategoryOutcome `json:"per_category"`

	// Set by a chaining sink such as JSONSink; zero elsewhere.
	Seq      uint64 `json:"seq"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// CategoryOutcome is the decision on one category of a request.
type CategoryOutcome struct {
	Category    string   `json:"category"`
	Effect      string   `json:"effect"` // "permit" or "deny"
	Rule        string   `json:"rule"`
	Basis       string   `json:"basis"`
	ConsentID   string   `json:"consent_id"`
	Obligations []string `json:"obligations"`
}

// Sink receives audit events. A nil error from Emit means the event is on
// record. Implementations must be safe for concurrent use.
type Sink interface {
	Emit(ctx context.Context, e Event) error
}
