package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// JSONSink writes each event as one line of JSON to a writer, chained to
// the line before by a hash, so that an edited, deleted, inserted or
// reordered line is detected by [Verify]. The format is described in the
// package documentation under "The JSON log and its chain".
//
// A nil error from Emit means the event's whole line was written and, when
// the writer has a Sync() error method (an *os.File does), synced. The
// sink sets the event's Seq, PrevHash and Hash; values the caller put
// there are ignored.
//
// # Group commit
//
// Concurrent Emits share writes and syncs: the lines of the Emits that
// arrive while a write and sync are under way are written together, with
// one Write and one Sync, by the first of them to find the writer free.
// Each Emit still returns only after its own line is written and synced,
// so a single emitter sees no change, and many emitters on a file get
// many events per sync instead of one.
//
// # Failures
//
// When the Write or Sync of a batch fails, every Emit of that batch gets an
// error wrapping [ErrSinkBroken] and the cause, and so does every later
// Emit: the sink is broken, and the chain ([JSONSink.Checkpoint]) does not
// advance past the last batch that was written and synced. None of the
// failed batch's events is claimed written, yet some of its lines may have
// reached the writer. A [JSONLog] removes them at once by truncating its
// file to the last acknowledged line, and again when it is reopened
// ([JSONLog.Reopen]); a host that gave NewJSONSink a writer of its own
// truncates it to the end of the line [JSONSink.Checkpoint] names before
// it continues the chain with [WithChainFrom].
//
// # Concurrency
//
// A JSONSink is safe for concurrent use. Lines are written in the order of
// their Seq, which is the order in which Emits took the sink's lock.
type JSONSink struct {
	mu sync.Mutex
	// done[b%2] wakes the Emits of batch b when it is written or failed,
	// so that a batch's end does not wake the Emits of the batch after it
	// (but one of them, to write it). L is &mu.
	done  [2]sync.Cond
	batch uint64 // the number of the pending batch; batch-1 is being written
	w     io.Writer
	sync  interface{ Sync() error }
	h     *chainHash
	max   int // longest line, newline included

	// Lines encoded and chained, not yet written: pending fills while the
	// writer is busy with spare.
	pending, spare []byte
	flushing       bool // a batch is being written and synced
	serial         bool // write and sync under the lock, one line at a time
	tipSeq         uint64
	tip            [hashLen]byte // hash of the last line encoded
	tipLen         int

	// On record: written and synced.
	seq  uint64
	prev [hashLen]byte
	plen int
	size int64 // bytes on record written by this sink

	// rollback, when set, truncates the writer's file to base+size after a
	// failed batch, so that no line of it stays behind.
	rollback func(size int64) error
	base     int64

	err error // the failure that broke the sink
}

// JSONOption configures a JSONSink or a JSONLog.
type JSONOption func(*jsonConfig)

type jsonConfig struct {
	key      []byte
	keySet   bool
	seq      uint64
	prevHash string
	chainSet bool
	cp       Checkpoint
	cpSet    bool
}

// WithHMACKey makes the sink chain its lines with HMAC-SHA-256 under key
// instead of plain SHA-256, so that someone who can edit the file but does
// not hold the key cannot recompute a valid chain. Verify the log with
// [VerifyKey] or [VerifyHMAC]. The key is copied.
//
// An empty key (an unset environment variable, say) is refused, never
// taken as "no key": [NewJSONSink] returns a sink whose every Emit fails
// with [ErrEmptyKey] (see [JSONSink.Err]), and [OpenJSONLog] returns
// the error.
func WithHMACKey(key []byte) JSONOption {
	k := append([]byte{}, key...)
	return func(c *jsonConfig) { c.key, c.keySet = k, true }
}

// WithChainFrom continues an existing chain: seq and hash are those of the
// last line already on record (see [LastLink] and [JSONSink.Checkpoint]),
// and the sink's first line gets Seq seq+1 and PrevHash hash. Use it when a
// restarted process appends to the same log, or when a rotated log starts a
// new file ([JSONLog] does both for you). WithChainFrom(0, "") is a fresh
// chain. An invalid hash breaks the sink: every Emit returns an error.
func WithChainFrom(seq uint64, hash string) JSONOption {
	return func(c *jsonConfig) { c.seq, c.prevHash, c.chainSet = seq, hash, true }
}

// NewJSONSink returns a sink that writes hash-chained JSON lines to w,
// starting a fresh chain (Seq 1, empty PrevHash) unless [WithChainFrom] says
// otherwise. An invalid option (an empty key, an invalid chain link) does
// not panic: the sink reports it from [JSONSink.Err] and from every Emit.
func NewJSONSink(w io.Writer, opts ...JSONOption) *JSONSink {
	var c jsonConfig
	for _, o := range opts {
		o(&c)
	}
	return newJSONSink(w, &c)
}

func newJSONSink(w io.Writer, c *jsonConfig) *JSONSink {
	s := &JSONSink{w: w, h: newChainHash(c.key), seq: c.seq, max: MaxLineSize,
		pending: make([]byte, 0, 2048), spare: make([]byte, 0, 2048)}
	s.done[0].L, s.done[1].L = &s.mu, &s.mu
	s.sync, _ = w.(interface{ Sync() error })
	if err := c.check(); err != nil {
		s.err = err
	} else if c.seq > 0 {
		s.plen = copy(s.prev[:], c.prevHash)
	}
	s.tipSeq, s.tip, s.tipLen = s.seq, s.prev, s.plen
	return s
}

// check validates the key and the chain link of c.
func (c *jsonConfig) check() error {
	if c.keySet && len(c.key) == 0 {
		return fmt.Errorf("audit: WithHMACKey: %w", ErrEmptyKey)
	}
	if c.seq == 0 && c.prevHash == "" || c.seq > 0 && validHash(c.prevHash) {
		return nil
	}
	return errors.New("audit: WithChainFrom: want seq 0 with no hash, or seq > 0 with a 64-digit lowercase hex hash")
}

// Emit writes e as the next line of the log and returns once that line is
// written and synced, or the attempt failed. It records e even if ctx is
// already cancelled: a decision already made is never left unrecorded for
// that reason (the contract of slog.Handler.Handle).
func (s *JSONSink) Emit(_ context.Context, e Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.broken()
	}
	seq, err := s.encode(&e)
	if err != nil {
		return err
	}
	b := s.batch
	for {
		switch {
		case s.seq >= seq:
			return nil
		case s.err != nil:
			return s.broken()
		case !s.flushing:
			s.flush()
		default:
			s.done[b%2].Wait()
		}
	}
}

// encode appends e's line to the pending batch, chained to the line
// before, and returns its Seq. s.mu is held.
func (s *JSONSink) encode(e *Event) (uint64, error) {
	if s.tipSeq == math.MaxUint64 {
		return 0, errors.New("audit: sequence exhausted")
	}
	e.Seq = s.tipSeq + 1
	e.PrevHash = ""
	start := len(s.pending)
	b, err := appendBody(s.pending, e)
	if err != nil {
		s.pending = b[:start]
		return 0, fmt.Errorf("audit: event %q: %w", e.ID, err)
	}
	// The body was encoded with an empty prev_hash; put the hash in place.
	// The body ends with `"prev_hash":""`.
	b = b[:len(b)-1]
	b = append(b, s.tip[:s.tipLen]...)
	b = append(b, '"')
	sum := s.h.of(b[start:])
	b = append(b, `,"hash":"`...)
	b = append(b, sum...)
	b = append(b, '"', '}', '\n')
	if n := len(b) - start; n > s.max {
		s.pending = b[:start]
		return 0, fmt.Errorf("audit: event %q: %w (%d bytes)", e.ID, ErrLineTooLong, n)
	}
	s.pending = b
	s.tipSeq = e.Seq
	s.tipLen = copy(s.tip[:], sum)
	return e.Seq, nil
}

// flush writes and syncs the pending batch as one, with s.mu released
// meanwhile (held throughout in serial mode), and wakes the waiting
// Emits. s.mu is held and no flush is under way.
func (s *JSONSink) flush() {
	s.flushing = true
	b := s.batch
	s.batch++
	batch := s.pending
	s.pending = s.spare[:0]
	endSeq, end := s.tipSeq, s.tip
	if !s.serial {
		s.mu.Unlock()
	}
	err := s.write(batch)
	if !s.serial {
		s.mu.Lock()
	}
	s.flushing = false
	if err != nil {
		s.fail(fmt.Errorf("seq %d to %d: %w", s.seq+1, endSeq, err))
	} else if len(batch) > 0 {
		s.seq, s.prev, s.plen = endSeq, end, hashLen
		s.size += int64(len(batch))
	}
	if cap(batch) > 4<<20 {
		batch = nil // do not keep a burst's buffer for ever
	}
	s.spare = batch[:0]
	s.done[b%2].Broadcast()
	if s.err != nil {
		s.done[s.batch%2].Broadcast()
	} else if len(s.pending) > 0 {
		s.done[s.batch%2].Signal() // one of the next batch writes it
	}
}

// write writes and syncs batch. A panic of the writer is its error: the
// sink's lock is not held, and its state must be restored.
func (s *JSONSink) write(batch []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("writer panicked: %v", p)
		}
	}()
	if len(batch) == 0 {
		return nil
	}
	n, err := s.w.Write(batch)
	if err == nil && n != len(batch) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return err
	}
	if s.sync != nil {
		if err := s.sync.Sync(); err != nil {
			return fmt.Errorf("sync: %w", err)
		}
	}
	return nil
}

// fail breaks the sink with err, drops the lines not yet written, and
// removes from the file what a failed batch left there, if it can. s.mu
// is held.
func (s *JSONSink) fail(err error) {
	if s.rollback != nil {
		if rerr := s.rollback(s.base + s.size); rerr != nil {
			err = errors.Join(err, fmt.Errorf("removing the failed lines: %w", rerr))
		}
	}
	s.err = err
	s.pending = s.pending[:0]
	s.tipSeq, s.tip, s.tipLen = s.seq, s.prev, s.plen
}

// broken returns the error of an Emit on a broken or closed sink. s.mu is
// held.
func (s *JSONSink) broken() error {
	if errors.Is(s.err, ErrClosed) || errors.Is(s.err, ErrEmptyKey) {
		return s.err
	}
	return fmt.Errorf("%w: %w", ErrSinkBroken, s.err)
}

// drain waits until every line encoded so far is written (or failed).
// s.mu is held.
func (s *JSONSink) drain() {
	for s.flushing || len(s.pending) > 0 && s.err == nil {
		if s.flushing {
			s.done[(s.batch-1)%2].Wait()
		} else {
			s.flush()
		}
	}
}

// Checkpoint returns the Seq and Hash of the last line on record (the zero
// Checkpoint before the first): the anchor to keep somewhere the log's
// writer cannot reach, and to check the log against with
// [VerifyCheckpoint], and the link to continue the chain from with
// [WithChainFrom].
func (s *JSONSink) Checkpoint() Checkpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkpoint()
}

func (s *JSONSink) checkpoint() Checkpoint {
	return Checkpoint{Seq: s.seq, Hash: string(s.prev[:s.plen])}
}

// Last returns the Seq and Hash of the last line on record, as
// [JSONSink.Checkpoint] does.
func (s *JSONSink) Last() (seq uint64, hash string) {
	cp := s.Checkpoint()
	return cp.Seq, cp.Hash
}

// Err returns the failure that broke the sink (or the invalid option it
// was built with), or nil.
func (s *JSONSink) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// close makes later Emits fail with ErrClosed, once the lines encoded so
// far are written.
func (s *JSONSink) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain()
	if s.err == nil {
		s.err = ErrClosed
	}
}
