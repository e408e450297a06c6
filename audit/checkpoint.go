package audit

import "fmt"

// Checkpoint is an anchor of a JSON log: the Seq and Hash of a line on
// record. The chain links each line only to the ones before it, so a log
// emptied, or cut after a line, still verifies on its own; checked
// against a checkpoint kept where the log's writer cannot reach (another
// system, a database, a write-once store), it does not. Take one with
// [JSONSink.Checkpoint] or [JSONLog.Checkpoint] as often as the host can
// afford to lose the lines after it unnoticed, and check a log against
// the latest with [VerifyCheckpoint].
//
// The zero Checkpoint is the start of a chain, before its first line.
type Checkpoint struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// String returns "seq S hash H".
func (c Checkpoint) String() string { return fmt.Sprintf("seq %d hash %s", c.Seq, c.Hash) }

// VerifyCheckpoint expects the log to hold the line of cp (its Seq with its
// Hash), or to start right after it (a first line with PrevHash cp.Hash).
// Lines may follow it: a checkpoint is an anchor, not the end. A log
// emptied or cut before the checkpoint fails with a [*ChainError], and so
// does a log that starts after it, which alone cannot show the line (check
// the whole set with [VerifyFiles]). The zero Checkpoint checks nothing.
func VerifyCheckpoint(cp Checkpoint) VerifyOption {
	return func(c *verifyConfig) { c.cp, c.cpSet = cp, cp.Seq > 0 }
}

// checkCheckpoint checks a verified line against the checkpoint, if any.
// first is whether it is the first line read.
func (lr *logReader) checkCheckpoint(e *Event, first bool) error {
	cp := lr.cfg.cp
	switch {
	case !lr.cfg.cpSet || lr.cpSeen:
		return nil
	case e.Seq == cp.Seq:
		if e.Hash != cp.Hash {
			return lr.fail(e.Seq, "hash differs from the checkpoint's (the log was rewritten, or the checkpoint is of another log)", nil)
		}
	case first && e.Seq == cp.Seq+1:
		if e.PrevHash != cp.Hash {
			return lr.fail(e.Seq, "prev_hash differs from the checkpoint's hash (the log was rewritten, or the checkpoint is of another log)", nil)
		}
	case first && e.Seq > cp.Seq:
		return lr.fail(e.Seq, fmt.Sprintf("log starts after the checkpoint at seq %d: verify it with the files before it", cp.Seq), nil)
	default:
		return nil
	}
	lr.cpSeen = true
	return nil
}

// finishCheckpoint checks, at the end of the log, that the checkpoint was
// reached.
func (lr *logReader) finishCheckpoint() error {
	cp := lr.cfg.cp
	if !lr.cfg.cpSet || lr.cpSeen {
		return nil
	}
	if lr.seq == cp.Seq && lr.prev == cp.Hash && lr.linked {
		return nil // an empty continuation that starts right after it
	}
	lr.line++
	lr.offset = lr.next0
	if lr.seq < cp.Seq {
		return lr.fail(0, fmt.Sprintf("log ends at seq %d, before the checkpoint at seq %d (lines removed at the end, or the log emptied)", lr.seq, cp.Seq), nil)
	}
	return lr.fail(0, fmt.Sprintf("log starts after the checkpoint at seq %d: verify it with the files before it", cp.Seq), nil)
}
