package audit

import "context"

// Discard is a sink that keeps nothing and always succeeds. It is the
// explicit opt-out for an engine that must not record (a unit test, a
// what-if evaluation): an engine needs a sink, and naming Discard makes the
// choice visible in code review. Never use it where disclosures happen.
var Discard Sink = discard{}

type discard struct{}

// Emit drops e.
func (discard) Emit(context.Context, Event) error { return nil }

// Deferred is implemented by a sink whose nil error from Emit means only
// that the event was queued, not that it is on record (an asynchronous
// sink). A releasing engine refuses such a sink unless the host opts in.
type Deferred interface {
	Sink
	// Deferred reports whether Emit's nil means only "queued".
	Deferred() bool
}

// IsDeferred reports whether s, or any sink inside a [Multi] of s, only
// queues events: whether a nil error from its Emit may precede the event
// being on record.
func IsDeferred(s Sink) bool {
	switch s := s.(type) {
	case multiSink:
		for _, inner := range s {
			if IsDeferred(inner) {
				return true
			}
		}
		return false
	case Deferred:
		return s.Deferred()
	}
	return false
}
