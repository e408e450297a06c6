package audit

import (
	"context"
	"errors"
	"fmt"
)

// multiSink sends each event to several sinks.
type multiSink []Sink

// Multi returns a sink that emits every event to every one of sinks, in
// order, even after one of them fails, and returns their errors joined
// (each naming the sink's position, from 0), or nil when all succeeded.
// Nil sinks are skipped. A panic of a sink becomes its error. The result
// is safe for concurrent use if every sink is.
func Multi(sinks ...Sink) Sink {
	m := make(multiSink, 0, len(sinks))
	for _, s := range sinks {
		if s != nil {
			m = append(m, s)
		}
	}
	return m
}

// Emit emits e to each sink.
func (m multiSink) Emit(ctx context.Context, e Event) error {
	var errs []error
	for i, s := range m {
		if err := safeEmit(ctx, s, e); err != nil {
			errs = append(errs, fmt.Errorf("audit: sink %d: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// safeEmit calls s.Emit, turning a panic into an error.
func safeEmit(ctx context.Context, s Sink, e Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("audit: event %q: sink panicked: %v", e.ID, p)
		}
	}()
	return s.Emit(ctx, e)
}
