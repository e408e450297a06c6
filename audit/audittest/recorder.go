package audittest

import (
	"context"
	"sync"
	"testing"

	"github.com/custodianhq/custodian/audit"
)

// Recorder is an audit.Sink that keeps every event it is given, in order.
// Emit always succeeds. A Recorder is safe for concurrent use; the zero
// Recorder is ready to use.
type Recorder struct {
	mu     sync.Mutex
	events []audit.Event
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Emit records a copy of e.
func (r *Recorder) Emit(_ context.Context, e audit.Event) error {
	e = e.Clone()
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	return nil
}

// Events returns a copy of the events recorded so far, in the order they
// were emitted.
func (r *Recorder) Events() []audit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]audit.Event, len(r.events))
	for i, e := range r.events {
		out[i] = e.Clone()
	}
	return out
}

// Len returns the number of events recorded.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

// Reset forgets the events recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.events = nil
	r.mu.Unlock()
}

// Filter returns the recorded events that match every matcher.
func (r *Recorder) Filter(ms ...Matcher) []audit.Event { return Filter(r.Events(), ms...) }

// Expect reports a test error (t.Errorf) unless, for each matcher in turn,
// a later recorded event matches it; see [Expect].
func (r *Recorder) Expect(t testing.TB, ms ...Matcher) {
	t.Helper()
	if err := Expect(r.Events(), ms...); err != nil {
		t.Error(err)
	}
}

// ExpectExactly reports a test error unless the recorded events match the
// matchers one to one; see [ExpectExactly].
func (r *Recorder) ExpectExactly(t testing.TB, ms ...Matcher) {
	t.Helper()
	if err := ExpectExactly(r.Events(), ms...); err != nil {
		t.Error(err)
	}
}
