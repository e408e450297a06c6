package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// JSONLog is a [JSONSink] on a file that it opens, repairs, rotates and
// closes: the JSON log as a host runs it in production.
//
//   - [OpenJSONLog] verifies the file, removes a torn last line left by a
//     crash (and says so), and continues its chain.
//   - [JSONLog.Checkpoint] gives the anchor to keep elsewhere;
//     [VerifyCheckpoint] and [WithCheckpoint] check the log against it.
//   - [JSONLog.Rotate] continues the chain in a new file; [VerifyFiles]
//     checks the files in order.
//   - After a failed write or sync, Emit fails until [JSONLog.Reopen],
//     which cuts the file back to the last acknowledged line and goes on.
//
// Emit has the contract of [JSONSink.Emit], group commit included. The
// lines of a failed batch are removed from the file at once (the file is
// truncated to its last acknowledged line, then synced); if that fails
// too, Reopen removes them.
//
// A JSONLog is safe for concurrent use. Rotate, Reopen and Close wait for
// the Emits under way and hold back new ones until they are done. One
// JSONLog writes a file: two of them (or two processes) appending to the
// same file break its chain, which Verify then reports.
type JSONLog struct {
	mu     sync.RWMutex // held for reading by Emit, for writing to swap files
	cfg    jsonConfig
	path   string
	f      *os.File
	sink   *JSONSink
	start  Checkpoint // the link the file starts after, if startSet
	startK bool
	closed bool
}

// Repair reports what opening a log removed from the end of its file: a
// torn last line, which a write cut short by a crash leaves (see
// [ErrIncompleteLine]), or, on [JSONLog.Reopen], the lines of a failed
// batch that were never acknowledged. The zero Repair means nothing was
// removed.
type Repair struct {
	// Offset is the size of the file after the repair: the end of the
	// last line kept.
	Offset int64
	// Removed is the number of bytes removed after Offset.
	Removed int64
	// Cause is the verification error of the torn line, if that was the
	// reason.
	Cause error
}

// WithCheckpoint makes [OpenJSONLog] and [JSONLog.Reopen] refuse a file
// that does not hold the line of cp, as [VerifyCheckpoint] checks: an
// emptied log, or one cut before the checkpoint, is an error instead of a
// fresh start. [NewJSONSink] ignores it.
func WithCheckpoint(cp Checkpoint) JSONOption {
	return func(c *jsonConfig) { c.cp, c.cpSet = cp, cp.Seq > 0 }
}

// OpenJSONLog opens the log file at path, creating it (mode 0600) if it
// does not exist, and returns a JSONLog that appends to it, continuing its
// chain.
//
// It first verifies the file with the options' key. A last line without
// its newline (a write torn by a crash) is removed: the file is truncated
// to the end of the last complete line, which verified, and the Repair
// says what was removed. Any other failure (an edited, missing or
// reordered line, a wrong key, a file that does not reach [WithCheckpoint])
// is returned as an error wrapping the [*ChainError], and the file is left
// as it is for the host to examine with [Verify].
//
// The file may start mid-chain, as a rotated file does; its link to the
// file before is checked by [VerifyFiles]. With [WithChainFrom], its first
// line must continue that link, and an empty file starts there. An empty
// key ([WithHMACKey]) or an invalid option is an error.
func OpenJSONLog(path string, opts ...JSONOption) (*JSONLog, Repair, error) {
	var c jsonConfig
	for _, o := range opts {
		o(&c)
	}
	if err := c.check(); err != nil {
		return nil, Repair{}, err
	}
	l := &JSONLog{cfg: c, path: path}
	if c.chainSet {
		l.start, l.startK = Checkpoint{Seq: c.seq, Hash: c.prevHash}, true
	}
	rep, err := l.open(nil)
	if err != nil {
		return nil, rep, err
	}
	return l, rep, nil
}

// acked is what a broken sink had on record: the file must hold exactly
// that much.
type acked struct {
	cp   Checkpoint
	size int64
}

// open opens l.path and sets l.f and l.sink; want, on a reopen, is what
// was acknowledged. l.mu is held or l is not shared yet.
func (l *JSONLog) open(want *acked) (Repair, error) {
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return Repair{}, fmt.Errorf("audit: open log: %w", err)
	}
	if err := syncDir(l.path); err != nil {
		f.Close()
		return Repair{}, err
	}
	rep, cp, err := l.recover(f, want)
	if err != nil {
		f.Close()
		return rep, fmt.Errorf("audit: open log %s: %w", l.path, err)
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return rep, fmt.Errorf("audit: open log: %w", err)
	}
	c := l.cfg
	c.seq, c.prevHash = cp.Seq, cp.Hash
	l.f, l.sink = f, newFileSink(f, &c, size)
	return rep, nil
}

// recover cuts what was never acknowledged from the end of f (the lines of
// a failed batch beyond want, a torn last line), verifies the rest, and
// returns where its chain ends.
func (l *JSONLog) recover(f *os.File, want *acked) (Repair, Checkpoint, error) {
	var rep Repair
	if want != nil {
		fi, err := f.Stat()
		if err != nil {
			return rep, Checkpoint{}, err
		}
		switch {
		case fi.Size() < want.size:
			return rep, Checkpoint{}, fmt.Errorf("file is %d bytes, shorter than the %d acknowledged", fi.Size(), want.size)
		case fi.Size() > want.size:
			if err := truncate(f, want.size); err != nil {
				return rep, Checkpoint{}, err
			}
			rep = Repair{Offset: want.size, Removed: fi.Size() - want.size}
		}
	}
	vopts := []VerifyOption{VerifyAnyStart()}
	if l.cfg.keySet {
		vopts = append(vopts, VerifyKey(l.cfg.key))
	}
	if l.startK {
		vopts = append(vopts, VerifyStart(l.start.Seq+1, l.start.Hash))
	}
	if l.cfg.cpSet {
		vopts = append(vopts, VerifyCheckpoint(l.cfg.cp))
	}
	if want != nil {
		vopts = append(vopts, VerifyLast(want.cp.Seq, want.cp.Hash))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return rep, Checkpoint{}, err
	}
	lr := newLogReader(f, vopts)
	err := lr.readAll()
	var ce *ChainError
	torn := errors.As(err, &ce) && errors.Is(err, ErrIncompleteLine)
	if torn {
		err = nil
	}
	if err == nil {
		// The end is checked before anything is cut: a file that fails is
		// left as it is.
		err = lr.finish()
	}
	if err != nil {
		return rep, Checkpoint{}, err
	}
	if torn {
		fi, err := f.Stat()
		if err != nil {
			return rep, Checkpoint{}, err
		}
		if err := truncate(f, ce.Offset); err != nil {
			return rep, Checkpoint{}, err
		}
		rep = Repair{Offset: ce.Offset, Removed: fi.Size() - ce.Offset + rep.Removed, Cause: ce}
	}
	return rep, Checkpoint{Seq: lr.seq, Hash: lr.prev}, nil
}

// newFileSink returns a sink appending to f, of size bytes, that cuts f
// back to its last acknowledged line after a failed batch.
func newFileSink(f *os.File, c *jsonConfig, size int64) *JSONSink {
	s := newJSONSink(f, c)
	s.base = size
	s.rollback = func(size int64) error { return truncate(f, size) }
	return s
}

// truncate cuts f to size and syncs it.
func truncate(f *os.File, size int64) error {
	if err := f.Truncate(size); err != nil {
		return fmt.Errorf("audit: truncate log: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("audit: sync log: %w", err)
	}
	return nil
}

// syncDir syncs the directory of path, so that a file just created there
// survives a crash.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("audit: open log directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("audit: sync log directory: %w", err)
	}
	return nil
}

// Emit writes e as the next line of the log, as [JSONSink.Emit] does. It
// returns [ErrClosed] after Close.
func (l *JSONLog) Emit(ctx context.Context, e Event) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.sink.Emit(ctx, e)
}

// Checkpoint returns the Seq and Hash of the last line on record: the
// anchor to keep where the log's writer cannot reach. See [Checkpoint].
func (l *JSONLog) Checkpoint() Checkpoint {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.sink.Checkpoint()
}

// Path returns the path of the file being written.
func (l *JSONLog) Path() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.path
}

// Err returns the failure that broke the log, or nil.
func (l *JSONLog) Err() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.sink.Err()
}

// Reopen recovers a log after a failed write or sync: it closes the file,
// opens it again, cuts it back to the last acknowledged line (removing
// what the failed batch left, if the cut at the failure did not), checks
// that it ends with that line, and goes on appending. The Repair says what
// was removed. If the file no longer holds every acknowledged line, or
// does not verify, Reopen returns an error and Emit keeps failing. On a
// healthy log it verifies the file and goes on.
func (l *JSONLog) Reopen() (Repair, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return Repair{}, ErrClosed
	}
	old := l.sink
	old.mu.Lock()
	want := &acked{cp: old.checkpoint(), size: old.base + old.size}
	if old.err == nil {
		old.err = ErrClosed
	}
	old.mu.Unlock()
	var cerr error
	if l.f != nil {
		cerr = l.f.Close()
		l.f = nil
	}
	rep, err := l.open(want)
	if err != nil {
		return rep, errors.Join(err, cerr)
	}
	return rep, nil
}

// Rotate ends the current file and continues the log in a new file at
// path, which must not exist: the new file's first line continues the
// chain from the old file's last. It returns the checkpoint the old file
// ends on, which is also where the new one starts. Keep the files' paths
// in order for [VerifyFiles]; a rotated file is complete and may be
// archived. A broken log is reopened before it is rotated.
func (l *JSONLog) Rotate(path string) (Checkpoint, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return Checkpoint{}, ErrClosed
	}
	if err := l.sink.Err(); err != nil {
		return Checkpoint{}, fmt.Errorf("audit: rotate: %w: %w", ErrSinkBroken, err)
	}
	cp := l.sink.Checkpoint()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return cp, fmt.Errorf("audit: rotate log: %w", err)
	}
	if err := syncDir(path); err != nil {
		f.Close()
		os.Remove(path)
		return cp, err
	}
	c := l.cfg
	c.seq, c.prevHash = cp.Seq, cp.Hash
	l.sink.close()
	cerr := l.f.Close()
	l.f, l.path, l.sink = f, path, newFileSink(f, &c, 0)
	l.start, l.startK = cp, true
	if cerr != nil {
		return cp, fmt.Errorf("audit: close rotated log: %w", cerr)
	}
	return cp, nil
}

// Close closes the file; later Emits return [ErrClosed]. Every line
// acknowledged before is on record. Close is idempotent.
func (l *JSONLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	l.sink.close()
	if l.f == nil {
		return nil // a Reopen failed: the file is closed already
	}
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("audit: close log: %w", err)
	}
	return nil
}
