package audit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

var errDisk = errors.New("injected: disk full")

// faultWriter writes to buf and fails on its Nth Write or Sync, as mode
// says.
type faultWriter struct {
	buf    bytes.Buffer
	n      int    // the failing call, from 1
	mode   string // "error", "short", "partial-error", "sync"
	writes int
	syncs  int
	delay  time.Duration // each Sync takes this long, as a disk's does
}

func (w *faultWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes != w.n {
		return w.buf.Write(p)
	}
	switch w.mode {
	case "error":
		return 0, errDisk
	case "short":
		return w.buf.Write(p[:len(p)/2])
	case "partial-error":
		n, _ := w.buf.Write(p[:len(p)/3])
		return n, errDisk
	}
	return w.buf.Write(p)
}

func (w *faultWriter) Sync() error {
	time.Sleep(w.delay)
	w.syncs++
	if w.mode == "sync" && w.syncs == w.n {
		return errDisk
	}
	return nil
}

func TestJSONSinkFaults(t *testing.T) {
	for _, mode := range []string{"error", "short", "partial-error", "sync"} {
		for n := 1; n <= 5; n++ {
			t.Run(fmt.Sprintf("%s/%d", mode, n), func(t *testing.T) {
				w := &faultWriter{n: n, mode: mode}
				s := audit.NewJSONSink(w)
				ctx := context.Background()
				for i := 1; i < n; i++ {
					require.NoError(t, s.Emit(ctx, disclosureEvent(i)))
				}
				// The failure surfaces, and names its cause.
				err := s.Emit(ctx, disclosureEvent(n))
				require.ErrorIs(t, err, audit.ErrSinkBroken)
				if mode == "short" {
					require.ErrorIs(t, err, io.ErrShortWrite)
				} else {
					require.ErrorIs(t, err, errDisk)
				}
				// Nothing after the failure is claimed written; the chain
				// does not advance.
				for i := n + 1; i <= n+3; i++ {
					require.ErrorIs(t, s.Emit(ctx, disclosureEvent(i)), audit.ErrSinkBroken)
				}
				seq, hash := s.Last()
				require.EqualValues(t, n-1, seq)
				require.Error(t, s.Err())
				assert.Equal(t, n, w.writes, "no write after the failure")

				// The log verifies up to the failure.
				log := w.buf.Bytes()
				switch mode {
				case "error":
					require.NoError(t, audit.Verify(bytes.NewReader(log), audit.VerifyLast(seq, hash)))
				case "sync":
					// The line was written but not synced: it is in the
					// file, and it is not claimed written.
					gotSeq, _, err := audit.LastLink(bytes.NewReader(log))
					require.NoError(t, err)
					require.EqualValues(t, n, gotSeq)
					log = log[:bytes.LastIndexByte(log[:len(log)-1], '\n')+1]
					if n == 1 {
						log = nil
					}
				default:
					var ce *audit.ChainError
					require.ErrorAs(t, audit.Verify(bytes.NewReader(log)), &ce)
					require.ErrorIs(t, ce, audit.ErrIncompleteLine)
					assert.Equal(t, n, ce.Line)
					// The host repairs the file by truncating it at the bad
					// line.
					log = log[:ce.Offset]
					require.NoError(t, audit.Verify(bytes.NewReader(log), audit.VerifyLast(seq, hash)))
				}

				// A new sink continues the chain after the repair.
				repaired := bytes.NewBuffer(append([]byte{}, log...))
				lseq, lhash, err := audit.LastLink(bytes.NewReader(repaired.Bytes()))
				require.NoError(t, err)
				require.Equal(t, seq, lseq)
				s2 := audit.NewJSONSink(repaired, audit.WithChainFrom(lseq, lhash))
				require.NoError(t, s2.Emit(ctx, disclosureEvent(n)))
				require.NoError(t, audit.Verify(bytes.NewReader(repaired.Bytes())))
			})
		}
	}
}
