package audit_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

func TestJSONSinkRoundTrip(t *testing.T) {
	log := writeLog(t, 5)
	require.NoError(t, audit.Verify(bytes.NewReader(log)))

	var got []audit.Event
	for e, err := range audit.ReadLog(bytes.NewReader(log)) {
		require.NoError(t, err)
		got = append(got, e)
	}
	require.Len(t, got, 5)
	prev := ""
	for i, e := range got {
		want := disclosureEvent(i + 1)
		want.Seq, want.PrevHash, want.Hash = uint64(i+1), prev, e.Hash
		assert.Equal(t, want, e)
		assert.Len(t, e.Hash, 64)
		prev = e.Hash
	}
}

func TestJSONSinkLineIsCanonicalJSON(t *testing.T) {
	log := writeLog(t, 1)
	line := strings.TrimSuffix(string(log), "\n")
	// The canonical encoding is the line without its hash member.
	i := strings.LastIndex(line, `,"hash":"`)
	require.Positive(t, i)
	assert.True(t, strings.HasPrefix(line, `{"id":"dec-0001","time":"2025-03-02T09:01:00Z","type":"disclosure",`))
	assert.True(t, strings.HasSuffix(line[:i], `"seq":1,"prev_hash":""`))
}

func TestJSONSinkIgnoresCallerChainFields(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	e := disclosureEvent(1)
	e.Seq, e.PrevHash, e.Hash = 99, "forged", "forged"
	require.NoError(t, s.Emit(context.Background(), e))
	require.NoError(t, audit.Verify(&buf))
}

func TestJSONSinkChainFrom(t *testing.T) {
	log := writeLog(t, 3)
	seq, hash, err := audit.LastLink(bytes.NewReader(log))
	require.NoError(t, err)
	require.EqualValues(t, 3, seq)

	// A restarted process appends to the same log.
	buf := bytes.NewBuffer(append([]byte{}, log...))
	s := audit.NewJSONSink(buf, audit.WithChainFrom(seq, hash))
	require.NoError(t, s.Emit(context.Background(), disclosureEvent(4)))
	require.NoError(t, audit.Verify(bytes.NewReader(buf.Bytes())))
	gotSeq, gotHash := s.Last()
	assert.EqualValues(t, 4, gotSeq)

	// A rotated file holding only the continuation.
	var next bytes.Buffer
	s2 := audit.NewJSONSink(&next, audit.WithChainFrom(gotSeq, gotHash))
	require.NoError(t, s2.Emit(context.Background(), disclosureEvent(5)))
	assert.Error(t, audit.Verify(bytes.NewReader(next.Bytes())), "strict start")
	assert.NoError(t, audit.Verify(bytes.NewReader(next.Bytes()), audit.VerifyStart(5, gotHash)))
	assert.NoError(t, audit.Verify(bytes.NewReader(next.Bytes()), audit.VerifyAnyStart()))
	assert.Error(t, audit.Verify(bytes.NewReader(next.Bytes()), audit.VerifyStart(5, hash)))
}

func TestJSONSinkChainFromInvalid(t *testing.T) {
	for _, c := range []struct {
		seq  uint64
		hash string
	}{{0, strings.Repeat("a", 64)}, {3, ""}, {3, "xyz"}, {3, strings.Repeat("A", 64)}} {
		s := audit.NewJSONSink(&bytes.Buffer{}, audit.WithChainFrom(c.seq, c.hash))
		assert.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(1)), audit.ErrSinkBroken)
	}
}

func TestJSONSinkCancelledContext(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A decision already made is recorded even though its request was
	// cancelled.
	require.NoError(t, s.Emit(ctx, disclosureEvent(1)))
	require.NoError(t, s.Emit(ctx, disclosureEvent(2)))
	require.NoError(t, audit.Verify(bytes.NewReader(buf.Bytes()), audit.VerifyLast(s.Last())))
	assert.Len(t, lines(buf.Bytes()), 2)
}

func TestJSONSinkLineTooLong(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	e := disclosureEvent(1)
	e.Reason = strings.Repeat("x", audit.MaxLineSize)
	require.ErrorIs(t, s.Emit(context.Background(), e), audit.ErrLineTooLong)
	assert.Zero(t, buf.Len())
	require.NoError(t, s.Emit(context.Background(), disclosureEvent(2)))
	seq, _ := s.Last()
	assert.EqualValues(t, 1, seq)
}

func TestJSONSinkTimeOutOfRange(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	e := disclosureEvent(1)
	e.Time = e.Time.AddDate(9000, 0, 0)
	require.Error(t, s.Emit(context.Background(), e))
	assert.Zero(t, buf.Len())
	assert.NoError(t, s.Err())
}

func TestJSONSinkHMAC(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	log := writeLog(t, 10, audit.WithHMACKey(key))
	require.NoError(t, audit.VerifyHMAC(bytes.NewReader(log), key))
	require.NoError(t, audit.Verify(bytes.NewReader(log), audit.VerifyKey(key)))

	// Without the key, the plain chain does not verify, and a chain
	// recomputed without the key does not pass VerifyHMAC.
	var ce *audit.ChainError
	require.ErrorAs(t, audit.Verify(bytes.NewReader(log)), &ce)
	assert.Equal(t, 1, ce.Line)
	require.ErrorAs(t, audit.VerifyHMAC(bytes.NewReader(log), []byte("wrong key")), &ce)
	assert.Equal(t, 1, ce.Line)

	forged := writeLog(t, 10) // an attacker rewrites the file with SHA-256
	require.NoError(t, audit.Verify(bytes.NewReader(forged)))
	require.ErrorAs(t, audit.VerifyHMAC(bytes.NewReader(forged), key), &ce)
	assert.Equal(t, 1, ce.Line)
}

func TestJSONSinkConcurrent(t *testing.T) {
	const goroutines, each = 8, 50
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				assert.NoError(t, s.Emit(context.Background(), disclosureEvent(g*each+i)))
			}
		})
	}
	wg.Wait()
	require.NoError(t, audit.Verify(bytes.NewReader(buf.Bytes())))
	var seqs []uint64
	ids := map[string]bool{}
	for e, err := range audit.ReadLog(bytes.NewReader(buf.Bytes())) {
		require.NoError(t, err)
		seqs = append(seqs, e.Seq)
		ids[e.ID] = true
	}
	require.Len(t, seqs, goroutines*each)
	for i, s := range seqs {
		require.EqualValues(t, i+1, s)
	}
	assert.Len(t, ids, goroutines*each)
}

func TestEventsAdapter(t *testing.T) {
	log := writeLog(t, 3)
	bad := append(append([]byte{}, log...), "garbage\n"...)
	var err error
	n := 0
	for range audit.Events(audit.ReadLog(bytes.NewReader(bad)), &err) {
		n++
	}
	assert.Equal(t, 3, n)
	var ce *audit.ChainError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, 4, ce.Line)
}
