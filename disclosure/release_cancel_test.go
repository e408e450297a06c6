package disclosure_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/disclosure"
)

// failing is a sink that refuses every event.
var failing = sinkFunc(func(context.Context, audit.Event) error { return errors.New("disk full") })

// TestReleaseCancelsADisclosureThatFailed checks that when the disclosure
// event reaches some sinks but not all, the release returns no record and
// every sink that can takes a cancellation of it.
func TestReleaseCancelsADisclosureThatFailed(t *testing.T) {
	file := &recorder{}
	later := at.Add(time.Minute)
	e, _ := releasingEngine(t, disclosure.WithAudit(audit.Multi(file, failing)), disclosure.WithClock(func() time.Time { return later }))
	r := pat2("provider")
	r.CorrelationID = "req-7"
	rel, err := e.Release(context.Background(), r, lipids(t))
	require.ErrorIs(t, err, disclosure.ErrAudit)
	var ce *disclosure.CancelError
	assert.ErrorAs(t, err, &ce, "the cancellation failed on the failing sink too")
	assert.Nil(t, rel.Record, "no record when the disclosure is not on record everywhere")
	assert.Empty(t, rel.Resources)

	events := file.all()
	require.Len(t, events, 2)
	disc, cancel := events[0], events[1]
	assert.Equal(t, audit.TypeDisclosure, disc.Type)
	assert.Equal(t, rel.Decision.ID, disc.ID)
	assert.Equal(t, audit.TypeCancellation, cancel.Type)
	assert.Equal(t, disc.ID, cancel.Cancels)
	assert.NotEmpty(t, cancel.ID)
	assert.NotEqual(t, disc.ID, cancel.ID, "a cancellation has an ID of its own")
	assert.Equal(t, later, cancel.Time, "dated when it is written")
	assert.Equal(t, disc.Patient, cancel.Patient)
	assert.Equal(t, disc.Recipient, cancel.Recipient)
	assert.Equal(t, disc.Actor, cancel.Actor)
	assert.Equal(t, "req-7", cancel.CorrelationID)
	assert.Equal(t, disc.PolicyHash, cancel.PolicyHash)
	assert.Empty(t, cancel.Resources)

	// Exactly one cancellation, of the disclosure, is on the file.
	var cancelled []string
	for _, ev := range events {
		if ev.Type == audit.TypeCancellation {
			cancelled = append(cancelled, ev.Cancels)
		}
	}
	assert.Equal(t, []string{disc.ID}, cancelled)
}

func TestReleaseCancellationCannotBeWritten(t *testing.T) {
	var onDisk []audit.Event
	// A file that takes the disclosure line, fails to sync it, and then
	// fails altogether.
	sink := sinkFunc(func(_ context.Context, ev audit.Event) error {
		if len(onDisk) == 0 {
			onDisk = append(onDisk, ev)
			return errors.New("sync failed")
		}
		return errors.New("disk gone")
	})
	e, _ := releasingEngine(t, disclosure.WithAudit(sink))
	rel, err := e.Release(context.Background(), pat2("provider"), lipids(t))
	require.ErrorIs(t, err, disclosure.ErrAudit)
	assert.Nil(t, rel.Record)
	require.Len(t, onDisk, 1)
	assert.Equal(t, audit.TypeDisclosure, onDisk[0].Type, "the disclosure event that did not happen is on record")

	var ce *disclosure.CancelError
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, ce, disclosure.ErrAudit)
	assert.Equal(t, audit.TypeCancellation, ce.Event.Type)
	assert.Equal(t, onDisk[0].ID, ce.Event.Cancels, "the host is handed the cancellation to write later")
	assert.Contains(t, err.Error(), "cancellation "+ce.Event.ID+" of disclosure event "+onDisk[0].ID+" not recorded")
}

// TestReleaseCancelsEvenWhenTheContextIsDone checks that a disclosure
// event failing because the context ended is still cancelled.
func TestReleaseCancelsEvenWhenTheContextIsDone(t *testing.T) {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	file := &recorder{}
	sink := sinkFunc(func(ctx context.Context, ev audit.Event) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if ev.Type == audit.TypeDisclosure {
			_ = file.Emit(ctx, ev)
			stop() // the host gives up while the event is being written
			return context.Canceled
		}
		return file.Emit(ctx, ev)
	})
	e, _ := releasingEngine(t, disclosure.WithAudit(sink))
	rel, err := e.Release(ctx, pat2("provider"), lipids(t))
	require.ErrorIs(t, err, context.Canceled)
	var ce *disclosure.CancelError
	assert.False(t, errors.As(err, &ce), "the cancellation was written")
	assert.Nil(t, rel.Record)
	events := file.all()
	require.Len(t, events, 2)
	assert.Equal(t, audit.TypeCancellation, events[1].Type)
	assert.Equal(t, events[0].ID, events[1].Cancels)
}

func TestReleaseSucceedsWithoutCancellation(t *testing.T) {
	e, rec := releasingEngine(t)
	rel, err := e.Release(context.Background(), pat2("provider"), lipids(t))
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	require.Len(t, rec.all(), 1)
	assert.Equal(t, audit.TypeDisclosure, rec.all()[0].Type)
}

func TestCancel(t *testing.T) {
	e, rec := releasingEngine(t)
	rel, err := e.Release(context.Background(), pat2("provider"), lipids(t))
	require.NoError(t, err)
	// The host's delivery failed: it cancels the disclosure.
	require.NoError(t, e.Cancel(context.Background(), rel.Decision))
	events := rec.all()
	require.Len(t, events, 2)
	assert.Equal(t, audit.TypeCancellation, events[1].Type)
	assert.Equal(t, rel.Decision.ID, events[1].Cancels)

	require.Error(t, e.Cancel(context.Background(), disclosure.Decision{}), "a decision never made cannot be cancelled")

	failingEngine, _ := releasingEngine(t, disclosure.WithAudit(failing))
	err = failingEngine.Cancel(context.Background(), rel.Decision)
	var ce *disclosure.CancelError
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, disclosure.ErrAudit)
	assert.Equal(t, rel.Decision.ID, ce.Event.Cancels)

	discarding, _ := releasingEngine(t, disclosure.WithAudit(audit.Discard))
	assert.NoError(t, discarding.Cancel(context.Background(), rel.Decision))
}

// TestReleaseRefusalNotOnRecord checks that a refused record whose refusal
// the sink rejects reports both.
func TestReleaseRefusalNotOnRecord(t *testing.T) {
	e, _ := releasingEngine(t, disclosure.WithAudit(failing))
	rel, err := e.Release(context.Background(), pat2("provider"), fixture(t, "Observation-f001"))
	require.ErrorIs(t, err, disclosure.ErrWrongPatient)
	require.ErrorIs(t, err, disclosure.ErrAudit)
	assert.Nil(t, rel.Record)
	assert.False(t, rel.Decision.Allowed())
}

// TestAccountingOfAFailedRelease runs a release whose disclosure event
// reaches the JSON log but not a second sink, and one that succeeds, and
// reads the patient's accounting from the log: it lists only the
// disclosure that happened.
func TestAccountingOfAFailedRelease(t *testing.T) {
	var log bytes.Buffer
	file := audit.NewJSONSink(&log)
	broken := true
	second := sinkFunc(func(context.Context, audit.Event) error {
		if broken {
			return errors.New("database down")
		}
		return nil
	})
	e, _ := releasingEngine(t, disclosure.WithAudit(audit.Multi(file, second)))
	ctx := context.Background()

	rel, err := e.Release(ctx, pat2("employer"), lipids(t))
	require.ErrorIs(t, err, disclosure.ErrAudit)
	require.Nil(t, rel.Record)
	failed := rel.Decision.ID

	broken = false
	rel, err = e.Release(ctx, pat2("employer"), lipids(t))
	require.NoError(t, err)
	require.NotNil(t, rel.Record)

	require.NoError(t, audit.Verify(bytes.NewReader(log.Bytes())), "the log, cancellation included, verifies")
	var events []audit.Event
	for ev, err := range audit.ReadLog(bytes.NewReader(log.Bytes())) {
		require.NoError(t, err)
		events = append(events, ev)
	}
	require.Len(t, events, 3, "the failed disclosure, its cancellation, the disclosure")
	assert.Equal(t, failed, events[0].ID)
	assert.Equal(t, audit.TypeCancellation, events[1].Type)
	assert.Equal(t, failed, events[1].Cancels)

	entries := audit.Accounting(slices.Values(events), "Patient/pat2", at.AddDate(-1, 0, 0), time.Time{})
	require.Len(t, entries, 1, "the accounting lists only the disclosure that happened")
	assert.Equal(t, rel.Decision.ID, entries[0].EventID)
}
