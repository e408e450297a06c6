package audit_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/custodianhq/custodian/audit"
)

func BenchmarkJSONSinkEmit(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []audit.JSONOption
	}{
		{"sha256", nil},
		{"hmac", []audit.JSONOption{audit.WithHMACKey([]byte("0123456789abcdef0123456789abcdef"))}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			benchEmit(b, audit.NewJSONSink(io.Discard, bc.opts...))
		})
	}
}

func BenchmarkAsyncSinkEmit(b *testing.B) {
	s := audit.NewAsyncSink(audit.NewJSONSink(io.Discard), 1024)
	benchEmit(b, s)
	if err := s.Close(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// benchEmit emits a realistic disclosure event to s in the benchmark loop
// and reports the rate in events per second.
func benchEmit(b *testing.B, s audit.Sink) {
	e := disclosureEvent(1)
	ctx := context.Background()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if err := s.Emit(ctx, e); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkVerify(b *testing.B) {
	log := writeLog(b, 100)
	b.ReportAllocs()
	for b.Loop() {
		if err := audit.Verify(bytes.NewReader(log)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestJSONSinkEmitAllocs pins the allocations of JSONSink.Emit: none
// once the buffer has grown.
func TestJSONSinkEmitAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	for _, opts := range [][]audit.JSONOption{nil, {audit.WithHMACKey([]byte("key"))}} {
		s := audit.NewJSONSink(io.Discard, opts...)
		e := disclosureEvent(1)
		ctx := context.Background()
		allocs := testing.AllocsPerRun(1000, func() {
			if err := s.Emit(ctx, e); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 0 {
			t.Errorf("JSONSink.Emit: %v allocations per event, want 0", allocs)
		}
	}
}

// TestJSONLogEmitAllocs pins the allocations of JSONLog.Emit on a real
// file, written and synced: none.
func TestJSONLogEmitAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	l, _ := openLog(t, filepath.Join(t.TempDir(), "audit.jsonl"))
	e := disclosureEvent(1)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(20, func() {
		if err := l.Emit(ctx, e); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("JSONLog.Emit: %v allocations per event, want 0", allocs)
	}
}
