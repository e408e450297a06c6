package audit

import (
	"errors"
	"fmt"
)

// Errors callers can test for with errors.Is.
var (
	// ErrSinkBroken is returned by every Emit of a JSONSink or JSONLog
	// after a write or sync failed (until JSONLog.Reopen), and by an
	// AsyncSink's Emit after its inner sink failed (until Reset): nothing
	// after a failure is claimed written.
	ErrSinkBroken = errors.New("audit: sink failed earlier; nothing more is written")
	// ErrLineTooLong reports an event whose line would exceed MaxLineSize,
	// or a line of a log that does.
	ErrLineTooLong = errors.New("audit: line longer than the maximum")
	// ErrIncompleteLine reports a last line without its newline: a write
	// that did not complete.
	ErrIncompleteLine = errors.New("audit: incomplete line")
	// ErrQueueFull is returned by a fail-fast AsyncSink whose queue is full.
	ErrQueueFull = errors.New("audit: async queue full")
	// ErrClosed is returned by Emit on a closed AsyncSink or JSONLog.
	ErrClosed = errors.New("audit: sink closed")
	// ErrLevelDisabled is returned by a SlogSink whose logger does not
	// handle the level it logs at: the event would not be recorded.
	ErrLevelDisabled = errors.New("audit: log level disabled")
)

// ChainError reports the first line of a JSON log that does not verify.
// Line counts from 1; Offset is the byte offset where that line starts, so
// a host that finds an incomplete last line (errors.Is(err,
// ErrIncompleteLine)) after a crash can truncate the file there. Seq is the
// line's seq when it could be read, else 0. The message never quotes the
// line's content.
type ChainError struct {
	Line   int
	Offset int64
	Seq    uint64
	Reason string
	Err    error // the cause, if any (ErrLineTooLong, ErrIncompleteLine, a JSON error)
}

// Error returns "audit: log line N (seq S): reason".
func (e *ChainError) Error() string {
	if e.Seq != 0 {
		return fmt.Sprintf("audit: log line %d (seq %d): %s", e.Line, e.Seq, e.Reason)
	}
	return fmt.Sprintf("audit: log line %d: %s", e.Line, e.Reason)
}

// Unwrap returns the cause.
func (e *ChainError) Unwrap() error { return e.Err }

// ErrEmptyKey reports an empty HMAC key given to [WithHMACKey] or
// [VerifyKey]: a chain under an empty key is no better than one without a
// key, so it is refused rather than taken as unkeyed.
var ErrEmptyKey = errors.New("audit: empty HMAC key")
