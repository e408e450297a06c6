package audit

import (
	"io"
	"os"
)

// SerialJSONSink returns a JSONSink that writes and syncs each line on
// its own under its lock, as before group commit: the baseline of the
// durable throughput benchmarks.
func SerialJSONSink(w io.Writer, opts ...JSONOption) *JSONSink {
	s := NewJSONSink(w, opts...)
	s.serial = true
	return s
}

// RollbackJSONSink returns a JSONSink on w, which starts empty, that
// truncates w to its last acknowledged line after a failed batch, as a
// JSONLog does with its file.
func RollbackJSONSink(w interface {
	io.Writer
	Truncate(int64) error
}, opts ...JSONOption) *JSONSink {
	s := NewJSONSink(w, opts...)
	s.rollback = w.Truncate
	return s
}

// File returns the file a JSONLog writes, for tests that make it fail.
func (l *JSONLog) File() *os.File {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.f
}
