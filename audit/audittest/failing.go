package audittest

import (
	"context"
	"errors"
	"sync"

	"github.com/custodianhq/custodian/audit"
)

// ErrInjected is the error a FailingSink returns when none was given.
var ErrInjected = errors.New("audittest: injected sink failure")

// FailingSink is an audit.Sink that records the first N events it is given
// and fails every later one, for testing that a host fails closed when the
// audit trail rejects an event. It is safe for concurrent use.
type FailingSink struct {
	rec   Recorder
	mu    sync.Mutex
	left  int
	err   error
	fails int
}

// FailAfter returns a sink that accepts n events and then returns err
// (ErrInjected if nil) from every Emit. FailAfter(0, nil) fails at once.
func FailAfter(n int, err error) *FailingSink {
	if err == nil {
		err = ErrInjected
	}
	return &FailingSink{left: n, err: err}
}

// Emit records e while events are left, and fails after.
func (s *FailingSink) Emit(ctx context.Context, e audit.Event) error {
	s.mu.Lock()
	if s.left <= 0 {
		s.fails++
		s.mu.Unlock()
		return s.err
	}
	s.left--
	s.mu.Unlock()
	return s.rec.Emit(ctx, e)
}

// Events returns the events accepted.
func (s *FailingSink) Events() []audit.Event { return s.rec.Events() }

// Failures returns how many Emits failed.
func (s *FailingSink) Failures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fails
}
