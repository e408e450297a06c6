package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/custodianhq/custodian/audit"
)

// BenchmarkJSONSinkDurable measures durable events per second on a real
// file, synced before each Emit returns, with 1, 8 and 64 concurrent
// emitters: "group" is the JSONSink as it is (group commit), "serial"
// writes and syncs one line at a time under the sink's lock.
func BenchmarkJSONSinkDurable(b *testing.B) {
	for _, mode := range []string{"group", "serial"} {
		for _, emitters := range []int{1, 8, 64} {
			b.Run(fmt.Sprintf("%s/emitters=%d", mode, emitters), func(b *testing.B) {
				f, err := os.OpenFile(filepath.Join(b.TempDir(), "audit.jsonl"), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
				var s *audit.JSONSink
				if mode == "serial" {
					s = audit.SerialJSONSink(f)
				} else {
					s = audit.NewJSONSink(f)
				}
				benchConcurrentEmit(b, s, emitters)
			})
		}
	}
}

// benchConcurrentEmit runs emitters goroutines that emit b.N events in
// all to s, and reports the rate in events per second. It counts b.N out
// itself, as b.Loop cannot be shared between goroutines and RunParallel
// would tie the number of emitters to GOMAXPROCS.
func benchConcurrentEmit(b *testing.B, s audit.Sink, emitters int) {
	b.ReportAllocs()
	e := disclosureEvent(1)
	ctx := context.Background()
	var next atomic.Int64
	n := int64(b.N)
	b.ResetTimer()
	var wg sync.WaitGroup
	for range emitters {
		wg.Go(func() {
			for next.Add(1) <= n {
				if err := s.Emit(ctx, e); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
