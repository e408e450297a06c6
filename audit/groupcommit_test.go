package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// Truncate cuts the written bytes to size, as os.File.Truncate does.
func (w *faultWriter) Truncate(size int64) error {
	w.buf.Truncate(int(size))
	return nil
}

// TestJSONSinkGroupCommitFaults makes the Nth write or sync fail while many
// goroutines emit, and checks the accounting: every event acknowledged is
// in the log, which verifies up to the sink's checkpoint; no event whose
// Emit failed is counted on record; after the failure every Emit fails.
func TestJSONSinkGroupCommitFaults(t *testing.T) {
	const emitters, each = 8, 6
	for _, rollback := range []bool{true, false} {
		for _, mode := range []string{"error", "short", "partial-error", "sync"} {
			// Each batch holds at most one line per emitter, so there are
			// at least `each` batches and the Nth write or sync happens.
			for n := 1; n <= each; n++ {
				t.Run(fmt.Sprintf("rollback=%v/%s/%d", rollback, mode, n), func(t *testing.T) {
					w := &faultWriter{n: n, mode: mode, delay: 100 * time.Microsecond}
					var s *audit.JSONSink
					if rollback {
						s = audit.RollbackJSONSink(w)
					} else {
						s = audit.NewJSONSink(w)
					}
					var mu sync.Mutex
					acked, failed := map[string]bool{}, map[string]bool{}
					var wg sync.WaitGroup
					for g := range emitters {
						wg.Go(func() {
							for i := range each {
								e := disclosureEvent(g*each + i + 1)
								err := s.Emit(context.Background(), e)
								mu.Lock()
								if err == nil {
									acked[e.ID] = true
								} else {
									assert.ErrorIs(t, err, audit.ErrSinkBroken)
									failed[e.ID] = true
								}
								mu.Unlock()
							}
						})
					}
					wg.Wait()
					require.NotEmpty(t, failed, "the injected failure surfaced")
					require.Len(t, acked, emitters*each-len(failed))
					if mode == "short" {
						require.ErrorIs(t, s.Err(), io.ErrShortWrite)
					} else {
						require.ErrorIs(t, s.Err(), errDisk)
					}
					cp := s.Checkpoint()
					require.EqualValues(t, len(acked), cp.Seq, "the chain stops at the last acknowledged line")

					// Every acknowledged event is on record, in a log that
					// verifies up to the checkpoint; nothing failed is
					// counted before it.
					log := w.buf.Bytes()
					onRecord := map[string]bool{}
					var after []string
					for e, err := range audit.ReadLog(bytes.NewReader(log), audit.VerifyCheckpoint(cp)) {
						if err != nil {
							require.False(t, rollback, "a rolled-back log verifies to its end: %v", err)
							break
						}
						if e.Seq <= cp.Seq {
							onRecord[e.ID] = true
						} else {
							after = append(after, e.ID)
						}
					}
					assert.Equal(t, acked, onRecord)
					if rollback {
						// The failed batch left nothing behind.
						assert.Empty(t, after)
						require.NoError(t, audit.Verify(bytes.NewReader(log), audit.VerifyLast(cp.Seq, cp.Hash)))
					}
					for _, id := range after {
						assert.True(t, failed[id], "a line after the checkpoint belongs to a failed Emit")
					}

					// Later Emits fail; nothing more is written.
					size := w.buf.Len()
					require.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(999)), audit.ErrSinkBroken)
					assert.Equal(t, size, w.buf.Len())
					assert.Equal(t, cp, s.Checkpoint())
				})
			}
		}
	}
}

// TestJSONSinkGroupCommitBatches checks that concurrent Emits share syncs,
// and that the batched log is one chain in Seq order.
func TestJSONSinkGroupCommitBatches(t *testing.T) {
	const emitters, each = 16, 10
	w := &faultWriter{delay: time.Millisecond}
	s := audit.NewJSONSink(w)
	var wg sync.WaitGroup
	for g := range emitters {
		wg.Go(func() {
			for i := range each {
				assert.NoError(t, s.Emit(context.Background(), disclosureEvent(g*each+i+1)))
			}
		})
	}
	wg.Wait()
	cp := s.Checkpoint()
	require.EqualValues(t, emitters*each, cp.Seq)
	require.NoError(t, audit.Verify(bytes.NewReader(w.buf.Bytes()), audit.VerifyLast(cp.Seq, cp.Hash)))
	assert.Less(t, w.syncs, emitters*each/2, "concurrent Emits share syncs")
	assert.Equal(t, w.writes, w.syncs, "one write and one sync per batch")
}

// panicWriter panics on every Write.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("injected") }

func TestJSONSinkWriterPanics(t *testing.T) {
	s := audit.NewJSONSink(panicWriter{})
	err := s.Emit(context.Background(), disclosureEvent(1))
	require.ErrorIs(t, err, audit.ErrSinkBroken)
	assert.Contains(t, err.Error(), "writer panicked")
	require.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(2)), audit.ErrSinkBroken)
	assert.Zero(t, s.Checkpoint().Seq)
}
