package disclosure_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

func TestAuditedStorePutAndRevoke(t *testing.T) {
	rec := &recorder{}
	stored := at.Add(-time.Hour)
	s := disclosure.NewAuditedStore(consent.NewMemoryStore(), rec, "Practitioner/clerk",
		disclosure.WithStoreClock(func() time.Time { return stored }))
	ctx := context.Background()
	c := employerConsent()
	require.NoError(t, s.Put(ctx, c))
	require.NoError(t, s.Revoke(ctx, c.ID, at))

	events := rec.all()
	require.Len(t, events, 2)
	put, revoke := events[0], events[1]
	assert.Equal(t, audit.TypeConsent, put.Type)
	assert.Equal(t, "stored", put.Outcome)
	assert.Equal(t, stored, put.Time)
	assert.Equal(t, "Practitioner/clerk", put.Actor)
	assert.Equal(t, "Patient/p1", put.Patient)
	assert.Equal(t, c.ID, put.ConsentID)
	assert.Equal(t, "Organization/acme", put.Recipient, "the recipients the consent names")
	assert.Equal(t, []string{"LAB"}, put.Categories, "the categories the consent names")

	assert.Equal(t, "revoked", revoke.Outcome)
	assert.Equal(t, at, revoke.Time, "a revocation is dated by its own instant")
	assert.Equal(t, string(consent.Revoked), revoke.Reason)
	assert.NotEqual(t, put.ID, revoke.ID)

	// Reads are not audited.
	_, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	_, err = s.ForPatient(ctx, "Patient/p1")
	require.NoError(t, err)
	assert.Len(t, rec.all(), 2)
}

func TestAuditedStoreFailures(t *testing.T) {
	ctx := context.Background()
	failing := sinkFunc(func(context.Context, audit.Event) error { return errors.New("disk full") })
	panicking := sinkFunc(func(context.Context, audit.Event) error { panic("sink bug") })

	for name, sink := range map[string]audit.Sink{"error": failing, "panic": panicking} {
		t.Run("sink "+name, func(t *testing.T) {
			mem := consent.NewMemoryStore()
			s := disclosure.NewAuditedStore(mem, sink, "Practitioner/clerk")
			err := s.Put(ctx, employerConsent())
			require.ErrorIs(t, err, disclosure.ErrAudit)
			_, err = mem.Get(ctx, employerConsent().ID)
			assert.NoError(t, err, "the change is stored; the error says it is not on record")
		})
	}

	t.Run("store refuses", func(t *testing.T) {
		rec := &recorder{}
		s := disclosure.NewAuditedStore(consent.NewMemoryStore(), rec, "Practitioner/clerk")
		err := s.Put(ctx, consent.Consent{ID: "no-patient"})
		require.Error(t, err)
		assert.NotErrorIs(t, err, disclosure.ErrAudit)
		err = s.Revoke(ctx, "unknown", at)
		require.ErrorIs(t, err, consent.ErrNotFound)
		assert.Empty(t, rec.all(), "a change that was not made is not audited")
	})
}

func TestAuditedStoreConcurrent(t *testing.T) {
	rec := &recorder{}
	s := disclosure.NewAuditedStore(consent.NewMemoryStore(), rec, "Practitioner/clerk")
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := employerConsent()
			c.ID = c.ID + "-" + string(rune('a'+i))
			assert.NoError(t, s.Put(ctx, c))
			assert.NoError(t, s.Revoke(ctx, c.ID, at))
		}()
	}
	wg.Wait()
	assert.Len(t, rec.all(), 40)
	cs, err := s.ForPatient(ctx, "Patient/p1")
	require.NoError(t, err)
	assert.Len(t, cs, 20)
}

// TestAuditedStoreFeedsTheEngine checks that an engine reading consents
// through an AuditedStore sees the revocation: a disclosure before it is
// covered, one after it is not.
func TestAuditedStoreFeedsTheEngine(t *testing.T) {
	rec := &recorder{}
	s := disclosure.NewAuditedStore(consent.NewMemoryStore(), rec, "Practitioner/clerk")
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, employerConsent()))
	revokedAt := at.Add(time.Hour)
	require.NoError(t, s.Revoke(ctx, employerConsent().ID, revokedAt))
	e, err := disclosure.New(disclosure.HIPAA(), disclosure.WithConsents(s), disclosure.WithAudit(audit.Discard))
	require.NoError(t, err)

	r := employerRequest()
	d, err := e.Decide(ctx, r)
	require.NoError(t, err)
	assert.True(t, d.Allowed(), "before the revocation the authorization covers the disclosure")

	r.Time = revokedAt
	d, err = e.Decide(ctx, r)
	require.NoError(t, err)
	assert.False(t, d.Allowed(), "from the revocation on it does not")
}
