package audittest_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

func ev(id string, typ audit.EventType, patient string, obligations ...string) audit.Event {
	return audit.Event{ID: id, Type: typ, Patient: patient, Obligations: obligations, Categories: []string{"LAB"}}
}

func TestRecorder(t *testing.T) {
	rec := audittest.NewRecorder()
	ctx := context.Background()
	require.NoError(t, rec.Emit(ctx, ev("1", audit.TypeDecision, "Patient/a")))
	require.NoError(t, rec.Emit(ctx, ev("2", audit.TypeDisclosure, "Patient/a", "account")))
	require.NoError(t, rec.Emit(ctx, ev("3", audit.TypeDisclosure, "Patient/b")))

	// Events returns copies.
	got := rec.Events()
	got[0].Categories[0] = "changed"
	assert.Equal(t, "LAB", rec.Events()[0].Categories[0])

	rec.Expect(t, audittest.Type(audit.TypeDecision), audittest.All(audittest.Type(audit.TypeDisclosure), audittest.Obligation("account")))
	rec.ExpectExactly(t, audittest.ID("1"), audittest.ID("2"), audittest.Patient("Patient/b"))
	assert.Len(t, rec.Filter(audittest.Type(audit.TypeDisclosure)), 2)
	assert.Len(t, rec.Filter(audittest.Not(audittest.Patient("Patient/a"))), 1)

	err := audittest.Expect(rec.Events(), audittest.ID("2"), audittest.ID("1"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "matcher 2")

	err = audittest.ExpectExactly(rec.Events(), audittest.ID("1"), audittest.Obligation("review"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "3 events, want 2")
	assert.Contains(t, err.Error(), `do not include "review"`)

	rec.Reset()
	assert.Zero(t, rec.Len())
}

func TestRecorderConcurrent(t *testing.T) {
	rec := audittest.NewRecorder()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				_ = rec.Emit(context.Background(), ev("x", audit.TypeDecision, "Patient/a"))
				_ = rec.Events()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 800, rec.Len())
}

func TestFailAfter(t *testing.T) {
	s := audittest.FailAfter(2, nil)
	ctx := context.Background()
	assert.NoError(t, s.Emit(ctx, ev("1", audit.TypeDecision, "p")))
	assert.NoError(t, s.Emit(ctx, ev("2", audit.TypeDecision, "p")))
	assert.ErrorIs(t, s.Emit(ctx, ev("3", audit.TypeDecision, "p")), audittest.ErrInjected)
	assert.Len(t, s.Events(), 2)
	assert.Equal(t, 1, s.Failures())

	boom := errors.New("disk full")
	assert.ErrorIs(t, audittest.FailAfter(0, boom).Emit(ctx, audit.Event{}), boom)
}

// TestRecorderCopiesEverySlice checks that the Recorder keeps its own copy
// of every list of an event: what the caller changes after Emit, or in
// what Events returned, does not change the record.
func TestRecorderCopiesEverySlice(t *testing.T) {
	e := audit.Event{
		ID: "d1", Categories: []string{"LAB"}, Fields: []string{"code"}, Obligations: []string{"account"},
		Resources:   []string{"Observation/o1"},
		PerCategory: []audit.CategoryOutcome{{Category: "LAB", Obligations: []string{"account"}}},
	}
	rec := audittest.NewRecorder()
	require.NoError(t, rec.Emit(context.Background(), e))
	mutate := func(e audit.Event) {
		e.Categories[0], e.Fields[0], e.Obligations[0], e.Resources[0] = "x", "x", "x", "x"
		e.PerCategory[0].Category, e.PerCategory[0].Obligations[0] = "x", "x"
	}
	mutate(e)
	mutate(rec.Events()[0])
	rec.ExpectExactly(t, audittest.All(
		audittest.Category("LAB"), audittest.Field("code"), audittest.Obligation("account"), audittest.Resource("Observation/o1"),
		audittest.Func("per-category LAB with account", func(e audit.Event) bool {
			return e.PerCategory[0].Category == "LAB" && e.PerCategory[0].Obligations[0] == "account"
		}),
	))
}
