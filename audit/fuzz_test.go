package audit_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/custodianhq/custodian/audit"
)

// reemit writes events through a fresh JSONSink continuing from the first
// event's position.
func reemit(t *testing.T, events []audit.Event) []byte {
	var buf bytes.Buffer
	if len(events) == 0 {
		return nil
	}
	s := audit.NewJSONSink(&buf, audit.WithChainFrom(events[0].Seq-1, events[0].PrevHash))
	for _, e := range events {
		if err := s.Emit(context.Background(), e); err != nil {
			t.Fatalf("re-emit: %v", err)
		}
	}
	return buf.Bytes()
}

// FuzzVerify feeds arbitrary bytes to Verify and ReadLog: they never
// panic, they agree, and whatever they accept is exactly what a JSONSink
// writes for the events read (so an accepted log has no content the events
// do not show).
func FuzzVerify(f *testing.F) {
	good := writeLog(f, 3)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add(append(append([]byte{}, good...), good...))
	f.Add([]byte("{}\n"))
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
	f.Add(bytes.Replace(good, []byte("pat-001"), []byte("pat-002"), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		verr := audit.Verify(bytes.NewReader(data), audit.VerifyAnyStart())
		var events []audit.Event
		var rerr error
		for e, err := range audit.ReadLog(bytes.NewReader(data), audit.VerifyAnyStart()) {
			if err != nil {
				rerr = err
				break
			}
			events = append(events, e)
		}
		if (verr == nil) != (rerr == nil) {
			t.Fatalf("Verify %v, ReadLog %v", verr, rerr)
		}
		if verr != nil {
			return
		}
		if got := reemit(t, events); !bytes.Equal(got, data) {
			t.Fatalf("accepted a log that is not what a sink writes:\n%q\n%q", data, got)
		}
	})
}

// FuzzVerifyMutation changes one byte of a generated log: Verify accepts
// it only if nothing changed.
func FuzzVerifyMutation(f *testing.F) {
	good := writeLog(f, 5)
	for _, pos := range []uint{0, 10, 100, 500, uint(len(good) - 2), uint(len(good) - 1)} {
		f.Add(pos, byte('x'))
	}
	f.Fuzz(func(t *testing.T, pos uint, b byte) {
		data := bytes.Clone(good)
		i := int(pos % uint(len(data)))
		data[i] = b
		if err := audit.Verify(bytes.NewReader(data)); err == nil && !bytes.Equal(data, good) {
			t.Fatalf("changed byte %d to %q and the log still verifies", i, b)
		}
	})
}

// FuzzOpenJSONLogTail appends arbitrary bytes to a good log file and opens
// it: OpenJSONLog either refuses it, leaving the file as it was, or keeps
// the good lines intact, removes no more than the tail, and yields a log
// that verifies from its first line through the checkpoint taken before.
func FuzzOpenJSONLogTail(f *testing.F) {
	good := writeLog(f, 3)
	f.Add([]byte(`{"id":"dec-0004","ti`))
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte("\n"))
	f.Add([]byte("garbage\n"))
	f.Add([]byte(lines(good)[0][:40]))
	f.Add([]byte(lines(writeLog(f, 4))[3]))
	f.Fuzz(func(t *testing.T, tail []byte) {
		cp := audit.Checkpoint{}
		for e, err := range audit.ReadLog(bytes.NewReader(good)) {
			if err != nil {
				t.Fatal(err)
			}
			cp = audit.Checkpoint{Seq: e.Seq, Hash: e.Hash}
		}
		path := filepath.Join(t.TempDir(), "audit.jsonl")
		file := append(bytes.Clone(good), tail...)
		if err := os.WriteFile(path, file, 0o600); err != nil {
			t.Fatal(err)
		}
		l, rep, err := audit.OpenJSONLog(path, audit.WithCheckpoint(cp))
		got, rerr := os.ReadFile(path)
		if rerr != nil {
			t.Fatal(rerr)
		}
		if err != nil {
			if !bytes.Equal(got, file) {
				t.Fatalf("refused (%v) but changed the file", err)
			}
			return
		}
		defer l.Close()
		repaired := rep != (audit.Repair{})
		if !bytes.HasPrefix(got, good) || rep.Removed != int64(len(file)-len(got)) ||
			repaired && int64(len(got)) != rep.Offset || !repaired && !bytes.Equal(got, file) {
			t.Fatalf("repair %+v: kept %d of %d bytes, good prefix %d", rep, len(got), len(file), len(good))
		}
		if err := audit.Verify(bytes.NewReader(got), audit.VerifyCheckpoint(cp), audit.VerifyLast(l.Checkpoint().Seq, l.Checkpoint().Hash)); err != nil {
			t.Fatalf("opened log does not verify: %v", err)
		}
	})
}
