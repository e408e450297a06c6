package disclosure

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// AuditedStore is a consent.Store that puts every change of a consent on
// the audit trail: each Put and Revoke that succeeds emits one event of type
// [audit.TypeConsent] through the sink. Reads are not audited.
//
// The change is stored first and audited second. If the sink fails, the
// method returns an error wrapping [ErrAudit] and the change stays stored:
// the host must retry the audit (or undo the change) before it relies on
// the change, exactly as it would for a failed decision event.
//
// An AuditedStore is safe for concurrent use when the store and the sink
// are.
type AuditedStore struct {
	store consent.Store
	sink  audit.Sink
	now   func() time.Time
	actor string
}

// NewAuditedStore wraps store so that every stored or revoked consent is
// emitted to sink. actor names who makes the changes (the system or
// workforce member acting on the host's behalf); it becomes Event.Actor.
func NewAuditedStore(store consent.Store, sink audit.Sink, actor string, opts ...StoreOption) *AuditedStore {
	s := &AuditedStore{store: store, sink: sink, now: time.Now, actor: actor}
	for _, o := range opts {
		o(s)
	}
	return s
}

// StoreOption configures an AuditedStore.
type StoreOption func(*AuditedStore)

// WithStoreClock sets the clock that dates the event of a stored consent.
// The default is time.Now. A revocation is dated by its own instant.
func WithStoreClock(now func() time.Time) StoreOption {
	return func(s *AuditedStore) {
		if now != nil {
			s.now = now
		}
	}
}

// Put stores c and emits a consent event whose Outcome is "stored".
func (s *AuditedStore) Put(ctx context.Context, c consent.Consent) error {
	if err := s.store.Put(ctx, c); err != nil {
		return err
	}
	return s.emit(ctx, c, "stored", s.now())
}

// Get returns the consent with the given ID.
func (s *AuditedStore) Get(ctx context.Context, id string) (consent.Consent, error) {
	return s.store.Get(ctx, id)
}

// Revoke revokes the consent from at on and emits a consent event whose
// Outcome is "revoked" and whose Time is at.
func (s *AuditedStore) Revoke(ctx context.Context, id string, at time.Time) error {
	if err := s.store.Revoke(ctx, id, at); err != nil {
		return err
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("disclosure: revoked consent %q but cannot read it back to audit: %w", id, err)
	}
	return s.emit(ctx, c, "revoked", at)
}

// ForPatient returns the patient's consents.
func (s *AuditedStore) ForPatient(ctx context.Context, patient string) ([]consent.Consent, error) {
	return s.store.ForPatient(ctx, patient)
}

func (s *AuditedStore) emit(ctx context.Context, c consent.Consent, outcome string, at time.Time) error {
	e := audit.Event{
		ID:        c.ID + "@" + at.UTC().Format(time.RFC3339Nano),
		Time:      at,
		Type:      audit.TypeConsent,
		Actor:     s.actor,
		Patient:   c.Patient,
		Outcome:   outcome,
		ConsentID: c.ID,
		Reason:    string(c.Status),
	}
	e.Recipient = strings.Join(recipients(c.Provision, nil), ",")
	e.Categories = categories(c.Provision, nil)
	if err := emitSafely(ctx, s.sink, e); err != nil {
		return fmt.Errorf("%w: consent %q %s: %w", ErrAudit, c.ID, outcome, err)
	}
	return nil
}

// recipients lists the recipients a consent's provisions name, depth first.
func recipients(p consent.Provision, acc []string) []string {
	acc = appendNew(acc, p.Recipients...)
	for _, q := range p.Provisions {
		acc = recipients(q, acc)
	}
	return acc
}

// categories lists the categories a consent's provisions name, depth first.
func categories(p consent.Provision, acc []string) []string {
	for _, c := range p.Categories {
		acc = appendNew(acc, string(c))
	}
	for _, q := range p.Provisions {
		acc = categories(q, acc)
	}
	return acc
}

func appendNew(acc []string, vs ...string) []string {
next:
	for _, v := range vs {
		for _, a := range acc {
			if a == v {
				continue next
			}
		}
		acc = append(acc, v)
	}
	return acc
}
