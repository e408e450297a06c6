package audit_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

// gateSink blocks every Emit until the gate is opened, then records the
// event, or fails with fail if set.
type gateSink struct {
	gate chan struct{}
	fail error
	rec  audittest.Recorder
}

func (g *gateSink) Emit(ctx context.Context, e audit.Event) error {
	<-g.gate
	if g.fail != nil {
		return g.fail
	}
	return g.rec.Emit(ctx, e)
}

// flakySink fails while fail is set, and records otherwise.
type flakySink struct {
	fail atomic.Bool
	rec  audittest.Recorder
}

func (f *flakySink) Emit(ctx context.Context, e audit.Event) error {
	if f.fail.Load() {
		return errDisk
	}
	return f.rec.Emit(ctx, e)
}

func TestAsyncSinkDrainsOnClose(t *testing.T) {
	rec := audittest.NewRecorder()
	s := audit.NewAsyncSink(rec, 100)
	for i := range 50 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)))
	}
	require.NoError(t, s.Close(context.Background()))
	require.Equal(t, 50, rec.Len())
	for i, e := range rec.Events() {
		assert.Equal(t, disclosureEvent(i).ID, e.ID, "in order")
	}
	assert.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(0)), audit.ErrClosed)
	assert.NoError(t, s.Close(context.Background()), "Close twice")
}

func TestAsyncSinkFullFailFast(t *testing.T) {
	g := &gateSink{gate: make(chan struct{})}
	s := audit.NewAsyncSink(g, 2, audit.AsyncFailFast())
	ctx := context.Background()
	// One event is taken by the goroutine (blocked in the inner sink), two
	// fill the queue.
	require.NoError(t, s.Emit(ctx, disclosureEvent(1)))
	require.Eventually(t, func() bool { return s.Len() == 0 }, time.Second, time.Millisecond)
	require.NoError(t, s.Emit(ctx, disclosureEvent(2)))
	require.NoError(t, s.Emit(ctx, disclosureEvent(3)))
	require.ErrorIs(t, s.Emit(ctx, disclosureEvent(4)), audit.ErrQueueFull)
	close(g.gate)
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, 3, g.rec.Len())
}

func TestAsyncSinkFullBlocks(t *testing.T) {
	g := &gateSink{gate: make(chan struct{})}
	s := audit.NewAsyncSink(g, 1)
	ctx := context.Background()
	require.NoError(t, s.Emit(ctx, disclosureEvent(1)))
	require.Eventually(t, func() bool { return s.Len() == 0 }, time.Second, time.Millisecond)
	require.NoError(t, s.Emit(ctx, disclosureEvent(2)))

	// Full: Emit waits until its context ends.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, s.Emit(short, disclosureEvent(3)), context.DeadlineExceeded)

	// ... or until there is room.
	done := make(chan error)
	go func() { done <- s.Emit(ctx, disclosureEvent(4)) }()
	select {
	case <-done:
		t.Fatal("Emit returned while the queue was full")
	case <-time.After(20 * time.Millisecond):
	}
	close(g.gate)
	require.NoError(t, <-done)
	require.NoError(t, s.Close(ctx))
	assert.Equal(t, 3, g.rec.Len())
}

func TestAsyncSinkInnerErrors(t *testing.T) {
	boom := errors.New("disk full")
	var seen []string
	var mu sync.Mutex
	g := &gateSink{gate: make(chan struct{})}
	s := audit.NewAsyncSink(audit.Multi(g, audittest.FailAfter(2, boom)), 10, audit.AsyncOnError(func(e audit.Event, err error) {
		mu.Lock()
		seen = append(seen, e.ID)
		mu.Unlock()
	}))
	for i := range 5 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)), "queued")
	}
	close(g.gate)
	err := s.Close(context.Background())
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `"dec-0002"`)
	assert.Contains(t, err.Error(), `"dec-0004"`)
	assert.NotContains(t, err.Error(), `"dec-0001"`)
	assert.Equal(t, []string{"dec-0002", "dec-0003", "dec-0004"}, seen)
	assert.ErrorIs(t, s.Err(), boom)
}

func TestAsyncSinkManyErrorsBounded(t *testing.T) {
	g := &gateSink{gate: make(chan struct{}), fail: audittest.ErrInjected}
	s := audit.NewAsyncSink(g, 200)
	for i := range 200 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)))
	}
	close(g.gate)
	err := s.Close(context.Background())
	require.ErrorIs(t, err, audittest.ErrInjected)
	assert.Contains(t, err.Error(), "and 136 more")
}

// TestAsyncSinkPanickingCallbackBounded checks that the errors of an
// error callback that panics count against the same bound as the inner
// sink's: 200 failures and 200 panics keep 64 errors and count the rest.
func TestAsyncSinkPanickingCallbackBounded(t *testing.T) {
	g := &gateSink{gate: make(chan struct{}), fail: audittest.ErrInjected}
	s := audit.NewAsyncSink(g, 200, audit.AsyncOnError(func(audit.Event, error) { panic("callback") }))
	for i := range 200 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)))
	}
	close(g.gate)
	err := s.Close(context.Background())
	require.ErrorIs(t, err, audittest.ErrInjected)
	var joined interface{ Unwrap() []error }
	require.ErrorAs(t, err, &joined)
	assert.Len(t, joined.Unwrap(), 65, "64 errors and the count of the rest")
	assert.Contains(t, err.Error(), "and 336 more")
	assert.Contains(t, err.Error(), "error callback panicked")
}

func TestAsyncSinkCloseTimeout(t *testing.T) {
	g := &gateSink{gate: make(chan struct{})}
	s := audit.NewAsyncSink(g, 10)
	for i := range 3 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)))
	}
	short, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, s.Close(short), context.DeadlineExceeded)
	close(g.gate)
	require.NoError(t, s.Close(context.Background()), "a later Close waits for the drain")
	assert.Equal(t, 3, g.rec.Len())
}

func TestAsyncSinkConcurrentEmitClose(t *testing.T) {
	for range 20 {
		rec := audittest.NewRecorder()
		s := audit.NewAsyncSink(rec, 4)
		var queued atomic.Int64
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 50 {
					err := s.Emit(context.Background(), disclosureEvent(g*50+i))
					if err == nil {
						queued.Add(1)
					} else {
						assert.ErrorIs(t, err, audit.ErrClosed)
					}
				}
			})
		}
		time.Sleep(time.Millisecond)
		require.NoError(t, s.Close(context.Background()))
		wg.Wait()
		assert.EqualValues(t, queued.Load(), rec.Len(), "every queued event reaches the inner sink")
	}
}

// TestAsyncSinkCopiesEvent changes the caller's slices after Emit, while
// the event waits in the queue: what is written is what was emitted, and
// the chain verifies it.
func TestAsyncSinkCopiesEvent(t *testing.T) {
	var buf bytes.Buffer
	g := &gateSink{gate: make(chan struct{})}
	s := audit.NewAsyncSink(audit.Multi(g, audit.NewJSONSink(&buf)), 4)
	e := disclosureEvent(1)
	e.Resources = []string{"Observation/o1"}
	want := disclosureEvent(1)
	want.Resources = []string{"Observation/o1"}
	require.NoError(t, s.Emit(context.Background(), e))

	e.Categories[0] = "HIV"
	e.Fields[0] = "note"
	e.Obligations[0] = "none"
	e.Resources[0] = "Observation/o2"
	e.PerCategory[0].Effect = "deny"
	e.PerCategory[0].Obligations[0] = "none"
	close(g.gate)
	require.NoError(t, s.Close(context.Background()))

	require.Equal(t, 1, g.rec.Len())
	assert.Equal(t, want, g.rec.Events()[0])
	var got []audit.Event
	for e, err := range audit.ReadLog(bytes.NewReader(buf.Bytes())) {
		require.NoError(t, err)
		got = append(got, e)
	}
	require.Len(t, got, 1)
	assert.Equal(t, []string{"LAB", "HIV", "DEMO"}, got[0].Categories)
	assert.Equal(t, "permit", got[0].PerCategory[0].Effect)
}

// TestAsyncSinkFailureSticks checks that once the inner sink fails, Emit
// says so until Reset.
func TestAsyncSinkFailureSticks(t *testing.T) {
	f := &flakySink{}
	s := audit.NewAsyncSink(f, 4)
	ctx := context.Background()
	require.NoError(t, s.Emit(ctx, disclosureEvent(1)))
	require.Eventually(t, func() bool { return f.rec.Len() == 1 }, time.Second, time.Millisecond)
	f.fail.Store(true)
	require.NoError(t, s.Emit(ctx, disclosureEvent(2)), "queued before the failure was seen")
	require.Eventually(t, func() bool { return s.Err() != nil }, time.Second, time.Millisecond)

	for i := 3; i <= 5; i++ {
		err := s.Emit(ctx, disclosureEvent(i))
		require.ErrorIs(t, err, audit.ErrSinkBroken)
		require.ErrorIs(t, err, errDisk)
		assert.Contains(t, err.Error(), `"dec-0002"`, "names the event that failed")
	}

	// The host deals with the failure, then resets.
	f.fail.Store(false)
	reset := s.Reset()
	require.ErrorIs(t, reset, errDisk)
	require.NoError(t, s.Err())
	require.NoError(t, s.Emit(ctx, disclosureEvent(2)), "emitted again")
	require.NoError(t, s.Close(ctx), "errors before the Reset are the host's")
	assert.Equal(t, []string{"dec-0001", "dec-0002"}, ids(f.rec.Events()))
}

// TestAsyncSinkCancelledContext checks that an event is queued when there
// is room, even if its context is already cancelled.
func TestAsyncSinkCancelledContext(t *testing.T) {
	rec := audittest.NewRecorder()
	s := audit.NewAsyncSink(rec, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, s.Emit(ctx, disclosureEvent(1)))
	require.NoError(t, s.Close(context.Background()))
	assert.Equal(t, 1, rec.Len())
}

func ids(es []audit.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}
