package audit

import (
	"fmt"
	"io"
)

// VerifyOption configures [Verify], [ReadLog] and [LastLink].
type VerifyOption func(*verifyConfig)

type verifyConfig struct {
	key                []byte
	startSet, anyStart bool
	startSeq           uint64
	startPrev          string
	lastSet            bool
	lastSeq            uint64
	lastHash           string
	cp                 Checkpoint
	cpSet              bool
	err                error // an invalid option
}

// VerifyKey checks the chain with HMAC-SHA-256 under key, for a log written
// with [WithHMACKey]. An empty key is refused: verification fails with
// [ErrEmptyKey].
func VerifyKey(key []byte) VerifyOption {
	k := append([]byte{}, key...)
	return func(c *verifyConfig) {
		c.key = k
		if len(k) == 0 {
			c.err = fmt.Errorf("audit: VerifyKey: %w", ErrEmptyKey)
		}
	}
}

// VerifyStart expects the first line to have Seq seq and PrevHash
// prevHash: for a log that continues another (after rotation), with the
// values the previous file ended on (its last Seq plus one, its last Hash).
func VerifyStart(seq uint64, prevHash string) VerifyOption {
	return func(c *verifyConfig) { c.startSet, c.anyStart, c.startSeq, c.startPrev = true, false, seq, prevHash }
}

// VerifyAnyStart accepts whatever Seq and PrevHash the first line has, and
// checks the chain from there. It proves less than the default: lines
// removed from the start of the log go unnoticed.
func VerifyAnyStart() VerifyOption {
	return func(c *verifyConfig) { c.anyStart, c.startSet = true, false }
}

// VerifyLast expects the log to end with the line of Seq seq and Hash hash,
// as recorded elsewhere (from [JSONSink.Checkpoint]). Without it, or
// [VerifyCheckpoint], lines removed from the end of a log cannot be
// noticed: the chain links each line only to the ones before it.
func VerifyLast(seq uint64, hash string) VerifyOption {
	return func(c *verifyConfig) { c.lastSet, c.lastSeq, c.lastHash = true, seq, hash }
}

// Verify reads a JSON log written by a [JSONSink] and checks its chain.
// It returns nil when every line is intact, or a [*ChainError] naming the
// first line that is not: one edited, deleted, inserted, moved,
// duplicated, not in canonical form, longer than [MaxLineSize] or
// incomplete. By default the first line must be Seq 1 with an empty
// PrevHash; [VerifyStart] and [VerifyAnyStart] accept a log that starts
// mid-chain. An empty log verifies.
//
// Without a key, someone who can rewrite the file can recompute every
// hash from an edited line to the end; keep a checkpoint elsewhere
// ([VerifyCheckpoint], [VerifyLast]) and chain with a key ([WithHMACKey],
// [VerifyKey]). An empty log verifies unless a checkpoint says otherwise.
func Verify(r io.Reader, opts ...VerifyOption) error {
	_, _, err := LastLink(r, opts...)
	return err
}

// VerifyHMAC is Verify with [VerifyKey](key).
func VerifyHMAC(r io.Reader, key []byte, opts ...VerifyOption) error {
	return Verify(r, append([]VerifyOption{VerifyKey(key)}, opts...)...)
}

// LastLink verifies a JSON log as [Verify] does and returns the Seq and
// Hash of its last line (0 and "" for an empty log), ready for
// [WithChainFrom]. On an error it returns the Seq and Hash of the last
// line that verified, with the error. [OpenJSONLog] does all this for a
// file; a restarted process appending to a writer of its own does:
//
//	seq, hash, err := audit.LastLink(f, audit.VerifyKey(key))
//	// on an *audit.ChainError with ErrIncompleteLine: truncate f to its Offset and retry
//	sink := audit.NewJSONSink(f, audit.WithHMACKey(key), audit.WithChainFrom(seq, hash))
func LastLink(r io.Reader, opts ...VerifyOption) (seq uint64, hash string, err error) {
	lr := newLogReader(r, opts)
	return lr.drain()
}

// drain reads the rest of the log, checks its end, and returns the Seq and
// Hash of its last good line, with the first error.
func (lr *logReader) drain() (seq uint64, hash string, err error) {
	if err := lr.readAll(); err != nil {
		return lr.seq, lr.prev, err
	}
	if err := lr.finish(); err != nil {
		return lr.seq, lr.prev, err
	}
	return lr.seq, lr.prev, nil
}

// readAll reads and verifies the rest of the current file.
func (lr *logReader) readAll() error {
	for {
		_, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
