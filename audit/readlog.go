package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"time"
)

// ReadLog returns the events of a JSON log written by a [JSONSink],
// verifying the chain as it reads: each event is yielded only after its
// line has passed the checks [Verify] makes, with the same options. At the
// first line that fails it yields a zero Event and a [*ChainError] naming
// the line, and stops; a read error of r ends it the same way.
//
// An error at line N can mean line N-1 was altered (an edit that
// recomputed N-1's hash breaks N's PrevHash), so treat every event read
// before an error as suspect. Lines longer than [MaxLineSize] are
// rejected. The events' times are in UTC.
func ReadLog(r io.Reader, opts ...VerifyOption) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		lr := newLogReader(r, opts)
		for {
			e, err := lr.next()
			if err == io.EOF {
				if err := lr.finish(); err != nil {
					yield(Event{}, err)
				}
				return
			}
			if err != nil {
				yield(Event{}, err)
				return
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}

// Events adapts a sequence of events and errors, such as [ReadLog]'s, to
// a sequence of events for [Accounting] and [FindAffected]. It stops at
// the first error and stores it in *errp, which the caller checks after
// use; a nil errp is not allowed.
func Events(seq iter.Seq2[Event, error], errp *error) iter.Seq[Event] {
	return func(yield func(Event) bool) {
		for e, err := range seq {
			if err != nil {
				*errp = err
				return
			}
			if !yield(e) {
				return
			}
		}
	}
}

// logReader reads and verifies a JSON log line by line.
type logReader struct {
	sc     *bufio.Scanner
	cfg    verifyConfig
	h      *chainHash
	line   int
	offset int64  // offset of the current line
	next0  int64  // offset of the line after it
	seq    uint64 // seq of the last good line
	prev   string // hash of the last good line
	linked bool   // seq and prev are the line before the next one
	cpSeen bool   // the checkpoint was checked
	buf    []byte
}

func newLogReader(r io.Reader, opts []VerifyOption) *logReader {
	var c verifyConfig
	for _, o := range opts {
		o(&c)
	}
	lr := &logReader{cfg: c, h: newChainHash(c.key)}
	if c.startSet && c.startSeq > 0 {
		// An empty continuation ends where the previous file did.
		lr.seq, lr.prev, lr.linked = c.startSeq-1, c.startPrev, true
	}
	lr.reset(r)
	return lr
}

// reset makes lr read r next, as the file that continues the one before:
// the chain goes on, lines and offsets count from the start of r.
func (lr *logReader) reset(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineSize)
	sc.Split(splitLines)
	lr.sc, lr.line, lr.offset, lr.next0 = sc, 0, 0, 0
}

// splitLines splits after each newline, keeping it, so that a last line
// without one can be told apart.
func splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i+1], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

func (lr *logReader) fail(seq uint64, reason string, cause error) error {
	return &ChainError{Line: lr.line, Offset: lr.offset, Seq: seq, Reason: reason, Err: cause}
}

// next returns the next verified event, or io.EOF at the end.
func (lr *logReader) next() (Event, error) {
	if lr.cfg.err != nil {
		return Event{}, lr.cfg.err
	}
	if !lr.sc.Scan() {
		err := lr.sc.Err()
		if err == nil {
			return Event{}, io.EOF
		}
		lr.line++
		lr.offset = lr.next0
		if errors.Is(err, bufio.ErrTooLong) {
			return Event{}, lr.fail(0, fmt.Sprintf("longer than %d bytes", MaxLineSize), ErrLineTooLong)
		}
		return Event{}, lr.fail(0, "read failed: "+err.Error(), err)
	}
	raw := lr.sc.Bytes()
	lr.line++
	lr.offset = lr.next0
	lr.next0 += int64(len(raw))
	if raw[len(raw)-1] != '\n' {
		return Event{}, lr.fail(0, "no newline at the end: an incomplete write", ErrIncompleteLine)
	}
	line := raw[:len(raw)-1]
	var e Event
	if err := json.Unmarshal(line, &e); err != nil {
		return Event{}, lr.fail(0, jsonReason(err), err)
	}
	normalize(&e)
	if !validHash(e.Hash) {
		return Event{}, lr.fail(e.Seq, "hash is not 64 lowercase hex digits", nil)
	}
	body, err := appendBody(lr.buf[:0], &e)
	lr.buf = body[:0]
	if err != nil {
		return Event{}, lr.fail(e.Seq, "time outside the years 0000-9999", err)
	}
	if !canonicalLine(line, body, e.Hash) {
		return Event{}, lr.fail(e.Seq, "not in canonical form (altered or not written by a JSONSink)", nil)
	}
	if err := lr.checkLink(&e); err != nil {
		return Event{}, err
	}
	if string(lr.h.of(body)) != e.Hash {
		return Event{}, lr.fail(e.Seq, "hash does not match the line (edited, or a different key)", nil)
	}
	if err := lr.checkCheckpoint(&e, !lr.linked); err != nil {
		return Event{}, err
	}
	lr.seq, lr.prev, lr.linked = e.Seq, e.Hash, true
	return e, nil
}

// checkLink checks e's Seq and PrevHash against the line before (in this
// file, the file before, or the expected start), or against the rules for
// the first line of a chain.
func (lr *logReader) checkLink(e *Event) error {
	if lr.linked {
		if e.Seq != lr.seq+1 && lr.line == 1 {
			return lr.fail(e.Seq, fmt.Sprintf("first line is seq %d, want seq %d to continue the chain before this file", e.Seq, lr.seq+1), nil)
		}
		if e.Seq != lr.seq+1 {
			return lr.fail(e.Seq, fmt.Sprintf("seq %d follows seq %d (a line deleted, inserted or moved)", e.Seq, lr.seq), nil)
		}
		if e.PrevHash != lr.prev {
			if lr.line == 1 {
				return lr.fail(e.Seq, "prev_hash is not the hash of the line before this file", nil)
			}
			return lr.fail(e.Seq, fmt.Sprintf("prev_hash is not the hash of line %d", lr.line-1), nil)
		}
		return nil
	}
	switch {
	case lr.cfg.anyStart:
		if e.Seq == 0 || (e.Seq == 1) != (e.PrevHash == "") || (e.PrevHash != "" && !validHash(e.PrevHash)) {
			return lr.fail(e.Seq, "first line is not a valid chain link", nil)
		}
	case lr.cfg.startSet:
		if e.Seq != lr.cfg.startSeq || e.PrevHash != lr.cfg.startPrev {
			return lr.fail(e.Seq, fmt.Sprintf("first line is seq %d, want seq %d with the given prev_hash", e.Seq, lr.cfg.startSeq), nil)
		}
	default:
		if e.Seq != 1 || e.PrevHash != "" {
			return lr.fail(e.Seq, "first line is not seq 1 with an empty prev_hash (a log that starts mid-chain needs VerifyStart or VerifyAnyStart)", nil)
		}
	}
	return nil
}

// finish checks the end of the log against VerifyCheckpoint and
// VerifyLast, if given.
func (lr *logReader) finish() error {
	if lr.cfg.err != nil {
		return lr.cfg.err
	}
	if err := lr.finishCheckpoint(); err != nil {
		return err
	}
	if !lr.cfg.lastSet {
		return nil
	}
	if lr.seq != lr.cfg.lastSeq || lr.prev != lr.cfg.lastHash {
		lr.line++
		lr.offset = lr.next0
		return lr.fail(0, fmt.Sprintf("log ends at seq %d, want seq %d with the given hash (lines missing at the end)", lr.seq, lr.cfg.lastSeq), nil)
	}
	return nil
}

// canonicalLine reports whether line is body + `,"hash":"` + hash + `"}`.
func canonicalLine(line, body []byte, hash string) bool {
	const mid = `,"hash":"`
	if len(line) != len(body)+len(mid)+len(hash)+2 || !bytes.HasPrefix(line, body) {
		return false
	}
	rest := line[len(body):]
	return string(rest[:len(mid)]) == mid &&
		string(rest[len(mid):len(mid)+len(hash)]) == hash &&
		string(rest[len(mid)+len(hash):]) == `"}`
}

// normalize turns the empty slices of a decoded event into nil, as the
// event was most likely emitted, so that events compare equal after a
// round trip.
func normalize(e *Event) {
	nilEmpty(&e.Categories)
	nilEmpty(&e.Fields)
	nilEmpty(&e.Obligations)
	if len(e.PerCategory) == 0 {
		e.PerCategory = nil
	}
	for i := range e.PerCategory {
		nilEmpty(&e.PerCategory[i].Obligations)
	}
	if e.Time.Location() != time.UTC {
		e.Time = e.Time.UTC()
	}
}

func nilEmpty(xs *[]string) {
	if len(*xs) == 0 {
		*xs = nil
	}
}

// jsonReason describes a JSON error without quoting the line.
func jsonReason(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var perr *time.ParseError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q has the wrong type", typ.Field)
	case errors.As(err, &perr):
		return "time is not an RFC 3339 time"
	default:
		return "not a JSON audit event"
	}
}
