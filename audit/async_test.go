package audit_test

import (
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

// gateSink blocks every Emit until the gate is opened.
type gateSink struct {
	gate chan struct{}
	rec  audittest.Recorder
}

func (g *gateSink) Emit(ctx context.Context, e audit.Event) error {
	<-g.gate
	return g.rec.Emit(ctx, e)
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
	s := audit.NewAsyncSink(audittest.FailAfter(2, boom), 10, audit.AsyncOnError(func(e audit.Event, err error) {
		mu.Lock()
		seen = append(seen, e.ID)
		mu.Unlock()
	}))
	for i := range 5 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)), "queued")
	}
	err := s.Close(context.Background())
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), `"dec-0002"`)
	assert.Contains(t, err.Error(), `"dec-0004"`)
	assert.NotContains(t, err.Error(), `"dec-0001"`)
	assert.Equal(t, []string{"dec-0002", "dec-0003", "dec-0004"}, seen)
	assert.ErrorIs(t, s.Err(), boom)
}

func TestAsyncSinkManyErrorsBounded(t *testing.T) {
	s := audit.NewAsyncSink(audittest.FailAfter(0, nil), 10)
	for i := range 200 {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)))
	}
	err := s.Close(context.Background())
	require.ErrorIs(t, err, audittest.ErrInjected)
	assert.Contains(t, err.Error(), "and 136 more")
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
