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
// A nil error from Emit means the whole line was written and, when the
// writer has a Sync() error method (an *os.File does), synced. The sink
// sets the event's Seq, PrevHash and Hash; values the caller put there are
// ignored.
//
// After a write or sync fails the sink is broken: that Emit and every later
// one return an error wrapping [ErrSinkBroken] and the cause, and the chain
// does not advance, so nothing after a failure is claimed written. The log
// stays verifiable up to the last line that was acknowledged; a partly
// written line shows up in Verify as [ErrIncompleteLine] or a bad line.
// To go on, the host repairs the file (truncating it to the ChainError's
// Offset) and builds a new sink with [WithChainFrom] or [LastLink].
//
// A JSONSink is safe for concurrent use: lines are written one at a time,
// in the order of their Seq.
type JSONSink struct {
	mu   sync.Mutex
	w    io.Writer
	sync interface{ Sync() error }
	h    *chainHash
	buf  []byte
	seq  uint64        // seq of the last line written
	prev [hashLen]byte // hash of the last line written
	plen int           // 0 before the first line of a fresh chain, else hashLen
	err  error         // the failure that broke the sink
	max  int           // longest line, newline included
}

// JSONOption configures a JSONSink.
type JSONOption func(*jsonConfig)

type jsonConfig struct {
	key      []byte
	seq      uint64
	prevHash string
}

// WithHMACKey makes the sink chain its lines with HMAC-SHA-256 under key
// instead of plain SHA-256, so that someone who can edit the file but does
// not hold the key cannot recompute a valid chain. Verify the log with
// [VerifyKey] or [VerifyHMAC]. The key is copied.
func WithHMACKey(key []byte) JSONOption {
	k := append([]byte{}, key...)
	return func(c *jsonConfig) { c.key = k }
}

// WithChainFrom continues an existing chain: seq and hash are those of the
// last line already on record (see [LastLink] and [JSONSink.Last]), and the
// sink's first line gets Seq seq+1 and PrevHash hash. Use it when a
// restarted process appends to the same log, or when a rotated log starts a
// new file. WithChainFrom(0, "") is a fresh chain. An invalid hash breaks
// the sink: every Emit returns an error.
func WithChainFrom(seq uint64, hash string) JSONOption {
	return func(c *jsonConfig) { c.seq, c.prevHash = seq, hash }
}

// NewJSONSink returns a sink that writes hash-chained JSON lines to w,
// starting a fresh chain (Seq 1, empty PrevHash) unless [WithChainFrom] says
// otherwise.
func NewJSONSink(w io.Writer, opts ...JSONOption) *JSONSink {
	var c jsonConfig
	for _, o := range opts {
		o(&c)
	}
	s := &JSONSink{w: w, h: newChainHash(c.key), seq: c.seq, max: MaxLineSize, buf: make([]byte, 0, 2048)}
	s.sync, _ = w.(interface{ Sync() error })
	switch {
	case c.seq == 0 && c.prevHash == "":
	case c.seq > 0 && validHash(c.prevHash):
		s.plen = copy(s.prev[:], c.prevHash)
	default:
		s.err = errors.New("audit: WithChainFrom: want seq 0 with no hash, or seq > 0 with a 64-digit lowercase hex hash")
	}
	return s
}

// Emit writes e as the next line of the log. An already-cancelled ctx is
// refused before anything is written; once writing has started it
// completes regardless of ctx.
func (s *JSONSink) Emit(ctx context.Context, e Event) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audit: event not written: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return fmt.Errorf("%w: %w", ErrSinkBroken, s.err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("audit: event not written: %w", err)
	}
	if s.seq == math.MaxUint64 {
		return errors.New("audit: sequence exhausted")
	}
	e.Seq = s.seq + 1
	e.PrevHash = ""
	b, err := appendBody(s.buf[:0], &e)
	if err != nil {
		return fmt.Errorf("audit: event %q: %w", e.ID, err)
	}
	// The body was encoded with an empty prev_hash; put the hash in place.
	// The body ends with `"prev_hash":""`.
	b = b[:len(b)-1]
	b = append(b, s.prev[:s.plen]...)
	b = append(b, '"')
	sum := s.h.of(b)
	b = append(b, `,"hash":"`...)
	b = append(b, sum...)
	b = append(b, '"', '}', '\n')
	s.buf = b[:0]
	if len(b) > s.max {
		if cap(s.buf) > 64<<10 {
			s.buf = nil
		}
		return fmt.Errorf("audit: event %q: %w (%d bytes)", e.ID, ErrLineTooLong, len(b))
	}
	n, err := s.w.Write(b)
	if err == nil && n != len(b) {
		err = io.ErrShortWrite
	}
	if err == nil && s.sync != nil {
		err = s.sync.Sync()
	}
	if err != nil {
		s.err = fmt.Errorf("seq %d: %w", e.Seq, err)
		return fmt.Errorf("%w: %w", ErrSinkBroken, s.err)
	}
	s.seq = e.Seq
	s.plen = copy(s.prev[:], sum)
	return nil
}

// Last returns the Seq and Hash of the last line written (0 and "" before
// the first), for anchoring the log elsewhere or continuing it with
// [WithChainFrom].
func (s *JSONSink) Last() (seq uint64, hash string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq, string(s.prev[:s.plen])
}

// Err returns the failure that broke the sink, or nil.
func (s *JSONSink) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
