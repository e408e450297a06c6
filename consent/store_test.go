package consent_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

// The MemoryStore is a Store.
var _ consent.Store = (*consent.MemoryStore)(nil)

func TestMemoryStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	c := authorization()
	require.NoError(t, s.Put(ctx, c))
	got, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, c, got)
}

func TestMemoryStoreNotFound(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	_, err := s.Get(ctx, "nope")
	assert.ErrorIs(t, err, consent.ErrNotFound)
	assert.ErrorIs(t, s.Revoke(ctx, "nope", day(2025, 1, 1)), consent.ErrNotFound)
	_, err = s.History(ctx, "nope")
	assert.ErrorIs(t, err, consent.ErrNotFound)
	cs, err := s.ForPatient(ctx, "Patient/none")
	require.NoError(t, err)
	assert.Empty(t, cs)
}

func TestMemoryStoreRejects(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	tests := []struct {
		name   string
		change func(*consent.Consent)
	}{
		{"no ID", func(c *consent.Consent) { c.ID = "" }},
		{"no patient", func(c *consent.Consent) { c.Patient = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := authorization()
			tt.change(&c)
			require.Error(t, s.Put(ctx, c))
		})
	}
	t.Run("an ID moved to another patient", func(t *testing.T) {
		c := authorization()
		require.NoError(t, s.Put(ctx, c))
		c.Patient = "Patient/other"
		err := s.Put(ctx, c)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "Patient/other")
	})
	t.Run("revoking what is not active", func(t *testing.T) {
		c := authorization()
		c.ID, c.Status = "draft", consent.Draft
		require.NoError(t, s.Put(ctx, c))
		require.Error(t, s.Revoke(ctx, c.ID, day(2025, 6, 1)))
	})
	t.Run("revoking before the signature", func(t *testing.T) {
		require.Error(t, s.Revoke(ctx, "auth-1", day(2024, 6, 1)))
	})
	t.Run("revoking without instant", func(t *testing.T) {
		require.Error(t, s.Revoke(ctx, "auth-1", day(1, 1, 1)))
	})
}

func TestMemoryStoreHistory(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	c := authorization()
	require.NoError(t, s.Put(ctx, c))
	replaced := c.Clone()
	replaced.Description = "Laboratory and imaging results"
	require.NoError(t, s.Put(ctx, replaced))
	require.NoError(t, s.Revoke(ctx, c.ID, day(2025, 6, 1)))

	h, err := s.History(ctx, c.ID)
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, c, h[0])
	assert.Equal(t, replaced, h[1])
	assert.Equal(t, consent.Revoked, h[2].Status)
	assert.Equal(t, day(2025, 6, 1), h[2].Revoked)
	assert.Equal(t, replaced.Description, h[2].Description)

	cur, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, h[2], cur)
	require.NoError(t, cur.Validate())

	// The revocation is not retroactive.
	q := lab()
	q.At = day(2025, 5, 31)
	assert.True(t, cur.Evaluate(q).Permits())
	q.At = day(2025, 6, 1)
	assert.False(t, cur.Evaluate(q).Applies)

	all, err := s.ForPatient(ctx, c.Patient)
	require.NoError(t, err)
	require.Len(t, all, 1, "revoked consents are listed, once")
	assert.Equal(t, consent.Revoked, all[0].Status)
}

func TestMemoryStoreCopies(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	c := parseFile(t, "fhir/custodian/roi-labs-to-acme-cardio.json")
	require.NoError(t, s.Put(ctx, c))

	// Changing what was put does not change what is stored.
	c.Provision.Provisions[0].Recipients[0] = "Organization/mallory"
	c.Disclosers[0].ID = "Organization/mallory"
	c.FHIR.Elements["policy"][0] = 'X'

	got, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, "Organization/acme-cardiology", got.Provision.Provisions[0].Recipients[0])
	assert.Equal(t, "Organization/northside-lab", got.Disclosers[0].ID)
	assert.Equal(t, byte('['), got.FHIR.Elements["policy"][0])

	// Nor does changing what was got.
	got.Provision.Provisions[0].Provisions[0].Categories[0] = consent.Laboratory
	again, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, consent.HIV, again.Provision.Provisions[0].Provisions[0].Categories[0])

	list, err := s.ForPatient(ctx, c.Patient)
	require.NoError(t, err)
	list[0].Provision.Provisions = nil
	again, err = s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Len(t, again.Provision.Provisions, 1)
}

func TestMemoryStoreContext(t *testing.T) {
	s := consent.NewMemoryStore()
	require.NoError(t, s.Put(context.Background(), authorization()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]error{
		"Put":    s.Put(ctx, authorization()),
		"Revoke": s.Revoke(ctx, "auth-1", day(2025, 6, 1)),
	}
	_, calls["Get"] = s.Get(ctx, "auth-1")
	_, calls["ForPatient"] = s.ForPatient(ctx, "Patient/p1")
	_, calls["History"] = s.History(ctx, "auth-1")
	for name, err := range calls {
		assert.ErrorIs(t, err, context.Canceled, name)
	}
	h, err := s.History(context.Background(), "auth-1")
	require.NoError(t, err)
	assert.Len(t, h, 1, "a cancelled call changes nothing")
}

func TestMemoryStoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	const workers, perWorker = 8, 50
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				c := authorization()
				c.ID = fmt.Sprintf("c-%d-%d", w, i%5)
				c.Patient = fmt.Sprintf("Patient/%d", w%3)
				if err := s.Put(ctx, c); err != nil {
					if !errors.Is(err, consent.ErrRevoked) {
						t.Error(err)
						return
					}
				}
				got, err := s.Get(ctx, c.ID)
				if err != nil {
					t.Error(err)
					return
				}
				got.Provision.Provisions = nil // must not race with the store
				if i%7 == 0 {
					if err := s.Revoke(ctx, c.ID, day(2025, 6, 1)); err != nil && !errors.Is(err, consent.ErrNotFound) && !strings.Contains(err.Error(), "not active") {
						t.Error(err)
					}
				}
				cs, err := s.ForPatient(ctx, c.Patient)
				if err != nil {
					t.Error(err)
					return
				}
				_ = consent.EvaluateAll(cs, lab())
			}
		})
	}
	wg.Wait()
	for w := range workers {
		for i := range 5 {
			h, err := s.History(ctx, fmt.Sprintf("c-%d-%d", w, i))
			require.NoError(t, err)
			require.NotEmpty(t, h)
			for _, v := range h[:len(h)-1] {
				assert.NotEqual(t, consent.Revoked, v.Status, "nothing follows a revocation")
			}
		}
	}
	total := 0
	for p := range 3 {
		cs, err := s.ForPatient(ctx, fmt.Sprintf("Patient/%d", p))
		require.NoError(t, err)
		total += len(cs)
	}
	assert.Equal(t, workers*5, total)
}

func TestMemoryStoreRevocationIsFinal(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	c := authorization()
	require.NoError(t, s.Put(ctx, c))
	require.NoError(t, s.Revoke(ctx, c.ID, day(2025, 6, 1)))
	again := authorization() // the same ID, active
	err := s.Put(ctx, again)
	require.ErrorIs(t, err, consent.ErrRevoked)
	got, err := s.Get(ctx, c.ID)
	require.NoError(t, err)
	assert.Equal(t, consent.Revoked, got.Status, "the revocation stands")
	h, err := s.History(ctx, c.ID)
	require.NoError(t, err)
	assert.Len(t, h, 2, "the history is intact")

	revoked := authorization()
	revoked.ID, revoked.Status, revoked.Revoked = "stored-revoked", consent.Revoked, day(2025, 3, 1)
	require.NoError(t, s.Put(ctx, revoked))
	revoked.Status, revoked.Revoked = consent.Active, day(1, 1, 1)
	require.ErrorIs(t, s.Put(ctx, revoked), consent.ErrRevoked)

	// An inactive consent read from FHIR without a revocation instant says
	// nothing of when it stopped; it is never in force, and a corrected
	// version may replace it.
	inactive := authorization()
	inactive.ID, inactive.Status = "inactive", consent.Revoked
	require.NoError(t, s.Put(ctx, inactive))
	inactive.Status = consent.Active
	require.NoError(t, s.Put(ctx, inactive))
}

func TestMemoryStoreImport(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	good := authorization()
	bad := authorization()
	bad.ID, bad.Disclosers = "no-discloser", nil
	restriction := parseFile(t, "fhir/r4/Consent-consent-example-notOrg.json")
	reps, err := s.Import(ctx, good, bad, restriction)
	require.NoError(t, err)
	require.Len(t, reps, 3)
	assert.True(t, reps[0].Authorizes())
	assert.False(t, reps[1].Authorizes())
	assert.Error(t, reps[1].Err)
	assert.Equal(t, consent.Restriction, reps[2].Kind)
	assert.NoError(t, reps[2].Err, "a restriction needs no element of an authorization")
	cs, err := s.ForPatient(ctx, "Patient/p1")
	require.NoError(t, err)
	assert.Len(t, cs, 2, "every consent is kept, the invalid one included")
}

func TestMemoryStoreForPatientDoesNotCopy(t *testing.T) {
	ctx := context.Background()
	s := consent.NewMemoryStore()
	require.NoError(t, s.Put(ctx, authorization()))
	n := testing.AllocsPerRun(50, func() {
		if _, err := s.ForPatient(ctx, "Patient/p1"); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, n, 1.0, "one slice; the consents are shared, not cloned")
}
