package audit_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// openLog opens the log at path with testKey and closes it at cleanup.
func openLog(t testing.TB, path string, opts ...audit.JSONOption) (*audit.JSONLog, audit.Repair) {
	t.Helper()
	l, rep, err := audit.OpenJSONLog(path, append([]audit.JSONOption{audit.WithHMACKey(testKey)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l, rep
}

// emitN emits events from..to (inclusive) to s.
func emitN(t testing.TB, s audit.Sink, from, to int) {
	t.Helper()
	for i := from; i <= to; i++ {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i)))
	}
}

// readFile returns the content of path.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func TestJSONLogResumes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, rep := openLog(t, path)
	assert.Zero(t, rep)
	emitN(t, l, 1, 5)
	cp := l.Checkpoint()
	require.EqualValues(t, 5, cp.Seq)
	require.NoError(t, l.Close())
	require.ErrorIs(t, l.Emit(context.Background(), disclosureEvent(6)), audit.ErrClosed)
	require.NoError(t, l.Close(), "Close twice")

	// A restarted process continues the chain.
	l, rep = openLog(t, path, audit.WithCheckpoint(cp))
	assert.Zero(t, rep)
	assert.Equal(t, cp, l.Checkpoint())
	emitN(t, l, 6, 8)
	require.NoError(t, audit.VerifyHMAC(bytes.NewReader(readFile(t, path)), testKey, audit.VerifyLast(8, l.Checkpoint().Hash)))
}

func TestJSONLogRepairsTornLine(t *testing.T) {
	for name, torn := range map[string]string{
		"cut line":    `{"id":"dec-0004","time":"2025-03-02T09:04:00Z","type":"discl`,
		"zeroed tail": "\x00\x00\x00\x00\x00\x00\x00\x00",
		"one byte":    "{",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "audit.jsonl")
			l, _ := openLog(t, path)
			emitN(t, l, 1, 3)
			cp := l.Checkpoint()
			require.NoError(t, l.Close())
			good := readFile(t, path)
			require.NoError(t, os.WriteFile(path, append(bytes.Clone(good), torn...), 0o600))

			l, rep := openLog(t, path, audit.WithCheckpoint(cp))
			assert.EqualValues(t, len(good), rep.Offset)
			assert.EqualValues(t, len(torn), rep.Removed)
			var ce *audit.ChainError
			require.ErrorAs(t, rep.Cause, &ce)
			assert.ErrorIs(t, ce, audit.ErrIncompleteLine)
			assert.Equal(t, 4, ce.Line)
			assert.Equal(t, good, readFile(t, path), "cut back to the last complete line")
			assert.Equal(t, cp, l.Checkpoint())

			emitN(t, l, 4, 5)
			require.NoError(t, audit.VerifyHMAC(bytes.NewReader(readFile(t, path)), testKey, audit.VerifyLast(5, l.Checkpoint().Hash)))
		})
	}
}

func TestOpenJSONLogRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.jsonl")
	l, _ := openLog(t, path)
	emitN(t, l, 1, 4)
	cp := l.Checkpoint()
	require.NoError(t, l.Close())
	good := readFile(t, path)
	ls := lines(good)

	for _, c := range []struct {
		name string
		file string
		opts []audit.JSONOption
		want string
	}{
		{"edited line", ls[0] + ls[1][:20] + "X" + ls[1][21:] + ls[2] + ls[3], nil, "line 2"},
		{"line removed", ls[0] + ls[2] + ls[3], nil, "line 2"},
		{"wrong key", string(good), []audit.JSONOption{audit.WithHMACKey([]byte("another key"))}, "line 1"},
		{"emptied", "", []audit.JSONOption{audit.WithCheckpoint(cp)}, "before the checkpoint"},
		{"cut at a line", ls[0] + ls[1], []audit.JSONOption{audit.WithCheckpoint(cp)}, "before the checkpoint"},
		{"cut, with a torn line", ls[0] + ls[1] + ls[2][:30], []audit.JSONOption{audit.WithCheckpoint(cp)}, "before the checkpoint"},
		{"emptied to a torn line", ls[0][:10], []audit.JSONOption{audit.WithCheckpoint(cp)}, "before the checkpoint"},
		{"not the chain given", string(good), []audit.JSONOption{audit.WithChainFrom(cp.Seq, cp.Hash)}, "line 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(path, []byte(c.file), 0o600))
			opts := append([]audit.JSONOption{audit.WithHMACKey(testKey)}, c.opts...)
			l, _, err := audit.OpenJSONLog(path, opts...)
			require.Error(t, err)
			assert.Nil(t, l)
			var ce *audit.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Contains(t, err.Error(), c.want)
			assert.Equal(t, c.file, string(readFile(t, path)), "the file is left as it was")
		})
	}
}

func TestEmptyHMACKeyRefused(t *testing.T) {
	for _, key := range [][]byte{nil, {}} {
		var buf bytes.Buffer
		s := audit.NewJSONSink(&buf, audit.WithHMACKey(key))
		require.ErrorIs(t, s.Err(), audit.ErrEmptyKey)
		require.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(1)), audit.ErrEmptyKey)
		assert.Zero(t, buf.Len())

		_, _, err := audit.OpenJSONLog(filepath.Join(t.TempDir(), "audit.jsonl"), audit.WithHMACKey(key))
		require.ErrorIs(t, err, audit.ErrEmptyKey)

		require.ErrorIs(t, audit.Verify(bytes.NewReader(writeLog(t, 2)), audit.VerifyKey(key)), audit.ErrEmptyKey)
		require.ErrorIs(t, audit.Verify(bytes.NewReader(nil), audit.VerifyKey(key)), audit.ErrEmptyKey)
	}
}

func TestJSONLogReopenAfterFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.jsonl")
	l, _ := openLog(t, path)
	emitN(t, l, 1, 3)
	cp := l.Checkpoint()

	// The file fails under the log (here: its descriptor is closed).
	require.NoError(t, l.File().Close())
	require.ErrorIs(t, l.Emit(context.Background(), disclosureEvent(4)), audit.ErrSinkBroken)
	require.ErrorIs(t, l.Emit(context.Background(), disclosureEvent(5)), audit.ErrSinkBroken)
	assert.Equal(t, cp, l.Checkpoint())
	_, err := l.Rotate(filepath.Join(dir, "next.jsonl"))
	require.ErrorIs(t, err, audit.ErrSinkBroken, "a broken log is reopened, not rotated")

	// What a failed batch can leave behind: complete lines, never
	// acknowledged, after the last acknowledged one.
	var extra bytes.Buffer
	require.NoError(t, audit.NewJSONSink(&extra, audit.WithHMACKey(testKey), audit.WithChainFrom(cp.Seq, cp.Hash)).
		Emit(context.Background(), disclosureEvent(4)))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.Write(extra.Bytes())
	require.NoError(t, err)
	require.NoError(t, f.Close())

	rep, err := l.Reopen()
	require.NoError(t, err)
	assert.EqualValues(t, extra.Len(), rep.Removed)
	assert.Nil(t, rep.Cause)
	assert.Equal(t, cp, l.Checkpoint())
	require.NoError(t, l.Err())
	emitN(t, l, 4, 5)
	var got []string
	for e, err := range audit.ReadLog(bytes.NewReader(readFile(t, path)), audit.VerifyKey(testKey)) {
		require.NoError(t, err)
		got = append(got, e.ID)
	}
	assert.Equal(t, []string{"dec-0001", "dec-0002", "dec-0003", "dec-0004", "dec-0005"}, got)
}

func TestJSONLogReopenRefusesLostLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	l, _ := openLog(t, path)
	emitN(t, l, 1, 3)
	require.NoError(t, l.File().Close())
	require.Error(t, l.Emit(context.Background(), disclosureEvent(4)))
	// Acknowledged lines disappear from the file.
	good := readFile(t, path)
	require.NoError(t, os.WriteFile(path, good[:len(lines(good)[0])], 0o600))
	_, err := l.Reopen()
	require.ErrorContains(t, err, "shorter than the")
	require.Error(t, l.Emit(context.Background(), disclosureEvent(4)), "still broken")
	_, err = l.Reopen()
	require.ErrorContains(t, err, "shorter than the", "and again")
	require.NoError(t, l.Close())
}

func TestJSONLogRotate(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "audit.1.jsonl"), filepath.Join(dir, "audit.2.jsonl"),
		filepath.Join(dir, "audit.3.jsonl"), filepath.Join(dir, "audit.4.jsonl")}
	l, _ := openLog(t, paths[0])
	emitN(t, l, 1, 3)
	cp, err := l.Rotate(paths[1])
	require.NoError(t, err)
	assert.EqualValues(t, 3, cp.Seq)
	assert.Equal(t, paths[1], l.Path())
	emitN(t, l, 4, 6)
	_, err = l.Rotate(paths[2]) // an empty file in the set
	require.NoError(t, err)
	_, err = l.Rotate(paths[3])
	require.NoError(t, err)
	emitN(t, l, 7, 7)
	_, err = l.Rotate(paths[3])
	require.ErrorIs(t, err, os.ErrExist, "never over an existing file")
	last := l.Checkpoint()
	require.NoError(t, l.Close())

	key := audit.VerifyKey(testKey)
	require.NoError(t, audit.VerifyFiles(paths, key, audit.VerifyLast(last.Seq, last.Hash)))
	require.NoError(t, audit.VerifyFiles(paths, key, audit.VerifyCheckpoint(cp)))

	for _, c := range []struct {
		name  string
		paths []string
		opts  []audit.VerifyOption
		want  string
	}{
		{"a file missing", []string{paths[0], paths[2], paths[3]}, nil, "audit.4.jsonl"},
		{"an empty file missing", []string{paths[0], paths[1], paths[3]}, nil, ""},
		{"out of order", []string{paths[1], paths[0]}, nil, "audit.2.jsonl"},
		{"the first missing", paths[1:], nil, "audit.2.jsonl"},
		{"the last missing", paths[:3], []audit.VerifyOption{audit.VerifyCheckpoint(last)}, "audit.3.jsonl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := audit.VerifyFiles(c.paths, append(c.opts, key)...)
			if c.want == "" {
				require.NoError(t, err, "an empty file adds no line to the chain")
				return
			}
			var ce *audit.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	require.NoError(t, audit.VerifyFiles(paths[1:], key, audit.VerifyStart(cp.Seq+1, cp.Hash)), "a set that continues a known link")
	require.ErrorIs(t, audit.VerifyFiles([]string{filepath.Join(dir, "nope")}), os.ErrNotExist)

	// The newest file reopens where it left off.
	l, _ = openLog(t, paths[3], audit.WithCheckpoint(last))
	emitN(t, l, 8, 8)
	require.NoError(t, audit.VerifyFiles(paths, key, audit.VerifyLast(l.Checkpoint().Seq, l.Checkpoint().Hash)))
}

// TestJSONLogConcurrentRotate rotates while many goroutines emit: every
// acknowledged event is in exactly one file, and the files are one chain.
func TestJSONLogConcurrentRotate(t *testing.T) {
	const emitters, each, rotations = 8, 25, 4
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "audit.0.jsonl")}
	l, _ := openLog(t, paths[0])
	var wg sync.WaitGroup
	for g := range emitters {
		wg.Go(func() {
			emitN(t, l, g*each+1, g*each+each)
		})
	}
	for i := 1; i <= rotations; i++ {
		p := filepath.Join(dir, "audit."+string(rune('0'+i))+".jsonl")
		_, err := l.Rotate(p)
		require.NoError(t, err)
		paths = append(paths, p)
	}
	wg.Wait()
	last := l.Checkpoint()
	require.NoError(t, l.Close())
	require.NoError(t, audit.VerifyFiles(paths, audit.VerifyKey(testKey), audit.VerifyLast(last.Seq, last.Hash)))
	assert.EqualValues(t, emitters*each, last.Seq)
}

func TestJSONLogReopenHealthy(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	l, _ := openLog(t, first)
	emitN(t, l, 1, 2)
	_, err := l.Rotate(second)
	require.NoError(t, err)
	emitN(t, l, 3, 4)
	cp := l.Checkpoint()

	rep, err := l.Reopen()
	require.NoError(t, err)
	assert.Zero(t, rep)
	assert.Equal(t, cp, l.Checkpoint())
	assert.Equal(t, second, l.Path())
	emitN(t, l, 5, 5)
	last := l.Checkpoint()
	require.NoError(t, l.Close())
	_, err = l.Reopen()
	require.ErrorIs(t, err, audit.ErrClosed)
	_, err = l.Rotate(filepath.Join(dir, "c.jsonl"))
	require.ErrorIs(t, err, audit.ErrClosed)
	require.NoError(t, audit.VerifyFiles([]string{first, second}, audit.VerifyKey(testKey), audit.VerifyLast(last.Seq, last.Hash)))
}
