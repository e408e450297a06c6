package consent

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// ErrNotFound is returned, wrapped, by a Store for an unknown consent ID.
var ErrNotFound = errors.New("consent: not found")

// ErrRevoked is returned, wrapped, by a Store's Put for a consent of which
// a stored version carries a revocation instant (Consent.Revoked): a
// revocation is final (45 CFR 164.508(b)(5)),
// and a consent the patient revoked never becomes active again. A new
// authorization is a new consent with an ID of its own.
var ErrRevoked = errors.New("consent: revoked; a revoked consent cannot be replaced")

// Store keeps consents. Implementations must be safe for concurrent use,
// honour ctx, return an error wrapping ErrNotFound for an unknown ID, and
// keep history: a revoked or replaced consent still answers for the
// instants it was in force.
type Store interface {
	// Put stores c, replacing the current version of a consent with the
	// same ID. It returns an error wrapping ErrRevoked when any stored
	// version of that ID is revoked.
	Put(ctx context.Context, c Consent) error
	// Get returns the current version of a consent.
	Get(ctx context.Context, id string) (Consent, error)
	// Revoke records the revocation of a consent from instant at on.
	Revoke(ctx context.Context, id string, at time.Time) error
	// ForPatient returns the current version of each of the patient's
	// consents, revoked ones included.
	ForPatient(ctx context.Context, patient string) ([]Consent, error)
}

// MemoryStore is a Store in memory. It never loses history: every Put and
// Revoke adds a version, and History returns them all. It copies a consent
// when it is stored, so a caller cannot change what it holds afterwards;
// Get and History return copies too. ForPatient, the engine's hot path,
// does not copy: the consents it returns share their slices with the
// store, are immutable once stored, and must be treated as read-only (use
// Consent.Clone to change one). It is safe for concurrent use.
type MemoryStore struct {
	mu        sync.RWMutex
	versions  map[string][]Consent // by ID, oldest first
	byPatient map[string][]string  // patient -> consent IDs, in the order first stored
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{versions: map[string][]Consent{}, byPatient: map[string][]string{}}
}

// Put stores a copy of c as the current version of its ID. It rejects a
// consent without ID or Patient, one that moves an ID to another patient,
// and, with an error wrapping ErrRevoked, any new version of a consent that
// was revoked: the history is left as it was. Put does not validate; use
// Check to learn whether a consent authorizes anything.
func (s *MemoryStore) Put(ctx context.Context, c Consent) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("consent: put: %w", err)
	}
	switch {
	case c.ID == "":
		return errors.New("consent: put: ID is required")
	case c.Patient == "":
		return fmt.Errorf("consent: put %q: Patient is required", c.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.versions[c.ID]
	if len(vs) > 0 && vs[0].Patient != c.Patient {
		return fmt.Errorf("consent: put %q: the consent belongs to another patient", c.ID)
	}
	for i := range vs {
		if !vs[i].Revoked.IsZero() {
			return fmt.Errorf("consent %q: put: %w", c.ID, ErrRevoked)
		}
	}
	if len(vs) == 0 {
		s.byPatient[c.Patient] = append(s.byPatient[c.Patient], c.ID)
	}
	s.versions[c.ID] = append(vs, c.Clone())
	return nil
}

// Get returns a copy of the current version of a consent.
func (s *MemoryStore) Get(ctx context.Context, id string) (Consent, error) {
	if err := ctx.Err(); err != nil {
		return Consent{}, fmt.Errorf("consent: get: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	vs := s.versions[id]
	if len(vs) == 0 {
		return Consent{}, fmt.Errorf("consent %q: %w", id, ErrNotFound)
	}
	return vs[len(vs)-1].Clone(), nil
}

// Revoke stores a new version of an active consent, revoked from at on.
// Disclosures made before at stay covered by it.
func (s *MemoryStore) Revoke(ctx context.Context, id string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("consent: revoke: %w", err)
	}
	if at.IsZero() {
		return fmt.Errorf("consent %q: revoke: the instant of the revocation is required", id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.versions[id]
	if len(vs) == 0 {
		return fmt.Errorf("consent %q: %w", id, ErrNotFound)
	}
	cur := vs[len(vs)-1]
	switch {
	case cur.Status != Active:
		return fmt.Errorf("consent %q: revoke: the consent is %s, not active", id, cur.Status)
	case !cur.Signed.IsZero() && at.Before(cur.Signed):
		return fmt.Errorf("consent %q: revoke: the revocation precedes the signature", id)
	}
	next := cur.Clone()
	next.Status, next.Revoked = Revoked, at
	s.versions[id] = append(vs, next)
	return nil
}

// ForPatient returns the current version of each of the patient's
// consents, revoked ones included (a revocation is not retroactive), sorted
// by signature time and then ID. The consents share their slices with the
// store and must not be changed: they are read-only.
func (s *MemoryStore) ForPatient(ctx context.Context, patient string) ([]Consent, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("consent: for patient: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := s.byPatient[patient]
	out := make([]Consent, 0, len(ids))
	for _, id := range ids {
		vs := s.versions[id]
		out = append(out, vs[len(vs)-1])
	}
	slices.SortFunc(out, func(a, b Consent) int {
		return cmp.Or(a.Signed.Compare(b.Signed), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// History returns copies of every version of a consent, oldest first.
func (s *MemoryStore) History(ctx context.Context, id string) ([]Consent, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("consent: history: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	vs := s.versions[id]
	if len(vs) == 0 {
		return nil, fmt.Errorf("consent %q: %w", id, ErrNotFound)
	}
	out := make([]Consent, len(vs))
	for i, v := range vs {
		out[i] = v.Clone()
	}
	return out, nil
}
