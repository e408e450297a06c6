package audit

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// maxAsyncErrs bounds the errors an AsyncSink keeps; later ones are
// counted.
const maxAsyncErrs = 64

// AsyncSink queues events for another sink, which a goroutine of its own
// feeds in order, so that Emit does not wait for a slow sink.
//
// With an AsyncSink a nil error from Emit means the event is queued, not
// that it is on record. What is on record is known from [AsyncSink.Close]:
// it drains the queue into the inner sink and returns the inner sink's
// errors, joined; nil means every queued event was accepted. Until then
// [AsyncSink.Err] and the [AsyncOnError] callback report the inner sink's
// failures as they happen. A host that must not release information
// before its audit event is on record uses a synchronous sink instead;
// [IsDeferred] tells an AsyncSink apart.
//
// Emit copies the event, lists included ([Event.Clone]): what the caller
// does with its slices afterwards does not change what is written.
//
// Once the inner sink has failed, Emit refuses new events with an error
// wrapping [ErrSinkBroken] and the first failure, until the host has
// dealt with it and calls [AsyncSink.Reset]: a host does not go on
// queueing into a sink that is losing them. Events queued before the
// failure are still handed to the inner sink, in order.
//
// Emit never drops an event: when the queue is full it waits for room
// until ctx is done (the default), or fails at once with [ErrQueueFull]
// with [AsyncFailFast]. An event is queued if there is room even when ctx
// is already cancelled. After Close, Emit returns [ErrClosed].
//
// # When to use it
//
// A [JSONSink] commits concurrent Emits together, one write and one sync
// for many events, so a busy host gets durable throughput without a
// queue. An AsyncSink is for what group commit cannot help: a single
// caller that must not wait for a disk or a network (a user interface
// thread, a bulk export), an inner sink that is slow per event (a remote
// collector), or smoothing bursts, where the host accepts that an event
// it was told is queued may be lost with the process, and checks Close.
//
// An AsyncSink is safe for concurrent use, Close included. The inner sink
// is called from one goroutine at a time, with a context that carries the
// values of Emit's context but not its cancellation.
type AsyncSink struct {
	inner    Sink
	failFast bool
	onError  func(Event, error)

	mu       sync.RWMutex // held for reading while sending, for writing to close
	closed   bool
	queue    chan queued
	quit     chan struct{} // closed by Close: wakes Emits waiting for room
	quitOnce sync.Once
	done     chan struct{} // closed when the queue is drained

	emu     sync.Mutex
	errs    []error
	dropped int   // errors beyond maxAsyncErrs
	failed  error // the inner sink's first failure since the last Reset
}

type queued struct {
	ctx context.Context
	e   Event
}

// AsyncOption configures an AsyncSink.
type AsyncOption func(*AsyncSink)

// AsyncFailFast makes Emit fail with [ErrQueueFull] when the queue is
// full instead of waiting.
func AsyncFailFast() AsyncOption { return func(s *AsyncSink) { s.failFast = true } }

// AsyncOnError calls f with each event the inner sink rejects and the
// error, from the sink's goroutine, in order. f must not call Close.
func AsyncOnError(f func(Event, error)) AsyncOption { return func(s *AsyncSink) { s.onError = f } }

// NewAsyncSink returns a sink that queues up to size events (at least 1)
// for inner and starts the goroutine that feeds it. Call Close to drain
// the queue and stop it.
func NewAsyncSink(inner Sink, size int, opts ...AsyncOption) *AsyncSink {
	s := &AsyncSink{inner: inner, queue: make(chan queued, max(size, 1)),
		quit: make(chan struct{}), done: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	go s.run()
	return s
}

// Emit queues a copy of e. It returns an error wrapping [ErrSinkBroken]
// once the inner sink has failed (until [AsyncSink.Reset]), ctx's error if
// ctx is done before e is queued, [ErrQueueFull] for a full queue with
// [AsyncFailFast], and [ErrClosed] after Close.
func (s *AsyncSink) Emit(ctx context.Context, e Event) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	if err := s.failure(); err != nil {
		return fmt.Errorf("%w: %w", ErrSinkBroken, err)
	}
	q := queued{ctx, e.Clone()}
	select {
	case s.queue <- q:
		return nil
	default:
	}
	if s.failFast {
		return ErrQueueFull
	}
	select {
	case s.queue <- q:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("audit: event not queued: %w", ctx.Err())
	case <-s.quit:
		return ErrClosed
	}
}

// Deferred reports true: a nil error from Emit means the event was
// queued, not that it is on record. See [IsDeferred].
func (s *AsyncSink) Deferred() bool { return true }

// Close stops accepting events, waits until every queued event has been
// handed to the inner sink, and returns the inner sink's errors joined,
// or nil if it accepted them all: with an AsyncSink, Close's error is the
// record. If ctx is done first, Close returns ctx's error with the errors
// so far and the queue goes on draining; a later Close waits again.
func (s *AsyncSink) Close(ctx context.Context) error {
	s.quitOnce.Do(func() { close(s.quit) })
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	select {
	case <-s.done:
		return s.Err()
	case <-ctx.Done():
		return errors.Join(fmt.Errorf("audit: async sink not drained: %w", ctx.Err()), s.Err())
	}
}

// Err returns the errors the inner sink has returned so far, joined, or
// nil.
func (s *AsyncSink) Err() error {
	s.emu.Lock()
	defer s.emu.Unlock()
	return s.joined()
}

// joined returns the errors so far, joined. s.emu is held.
func (s *AsyncSink) joined() error {
	errs := s.errs
	if s.dropped > 0 {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("audit: and %d more sink errors", s.dropped))
	}
	return errors.Join(errs...)
}

// Reset lets Emit queue events again after the inner sink failed, and
// returns the errors reported so far (as [AsyncSink.Err] would), which it
// forgets: the host that calls it has dealt with them, e.g. by reopening
// the log behind the inner sink ([JSONLog.Reopen]) and emitting again what
// failed. Close reports only the errors after the last Reset.
func (s *AsyncSink) Reset() error {
	s.emu.Lock()
	defer s.emu.Unlock()
	err := s.joined()
	s.errs, s.dropped, s.failed = nil, 0, nil
	return err
}

// failure returns the inner sink's first failure since the last Reset.
func (s *AsyncSink) failure() error {
	s.emu.Lock()
	defer s.emu.Unlock()
	return s.failed
}

// Len returns the number of events waiting in the queue.
func (s *AsyncSink) Len() int { return len(s.queue) }

func (s *AsyncSink) run() {
	defer close(s.done)
	for q := range s.queue {
		err := safeEmit(context.WithoutCancel(q.ctx), s.inner, q.e)
		if err == nil {
			continue
		}
		werr := fmt.Errorf("audit: event %q: %w", q.e.ID, err)
		s.emu.Lock()
		if s.failed == nil {
			s.failed = werr
		}
		s.keep(werr)
		s.emu.Unlock()
		if s.onError != nil {
			s.callback(q.e, err)
		}
	}
}

// keep adds err to the errors Close reports, or counts it once there are
// maxAsyncErrs of them. s.emu is held.
func (s *AsyncSink) keep(err error) {
	if len(s.errs) < maxAsyncErrs {
		s.errs = append(s.errs, err)
	} else {
		s.dropped++
	}
}

// callback calls onError, keeping a panic from stopping the queue.
func (s *AsyncSink) callback(e Event, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.emu.Lock()
			s.keep(fmt.Errorf("audit: event %q: error callback panicked: %v", e.ID, p))
			s.emu.Unlock()
		}
	}()
	s.onError(e, err)
}
