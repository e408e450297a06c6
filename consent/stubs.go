package consent

// This file holds the signatures the rest of the module builds against while
// the package is written; each declaration moves to its own file.

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a Store for an unknown consent ID.
var ErrNotFound = errors.New("consent: not found")

var errTODO = errors.New("consent: not implemented")

// DefaultProtected returns the categories that only a provision naming them
// covers.
func DefaultProtected() []Category { return nil }

// Validate reports every missing core element of a HIPAA authorization.
func (c *Consent) Validate() error { return errTODO }

// Evaluate reports what this consent says about q.
func (c *Consent) Evaluate(q Query) Result { return Result{} }

// EvaluateAll combines what several consents say about q, deny overriding
// permit.
func EvaluateAll(cs []Consent, q Query) Result { return Result{} }

// Store keeps consents.
type Store interface {
	Put(ctx context.Context, c Consent) error
	Get(ctx context.Context, id string) (Consent, error)
	Revoke(ctx context.Context, id string, at time.Time) error
	ForPatient(ctx context.Context, patient string) ([]Consent, error)
}

// MemoryStore is a Store in memory.
type MemoryStore struct{}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{} }

// Put stores c.
func (s *MemoryStore) Put(ctx context.Context, c Consent) error { return errTODO }

// Get returns the current version of a consent.
func (s *MemoryStore) Get(ctx context.Context, id string) (Consent, error) {
	return Consent{}, ErrNotFound
}

// Revoke revokes a consent from at on.
func (s *MemoryStore) Revoke(ctx context.Context, id string, at time.Time) error { return errTODO }

// ForPatient returns the consents of a patient.
func (s *MemoryStore) ForPatient(ctx context.Context, patient string) ([]Consent, error) {
	return nil, nil
}

// ParseFHIR reads a FHIR R4 Consent.
func ParseFHIR(data []byte) (Consent, error) { return Consent{}, errTODO }

// MarshalFHIR writes c as FHIR R4 Consent JSON.
func (c *Consent) MarshalFHIR() ([]byte, error) { return nil, errTODO }
