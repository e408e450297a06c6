package audit_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// fullEvent is a disclosure that sets every field, the optional ones too.
func fullEvent(i int) audit.Event {
	e := disclosureEvent(i)
	e.PolicyName = "northside-lab"
	e.PolicyVersion = "2025.03"
	e.PolicyHash = strings.Repeat("ab", 32)
	e.Resources = []string{"Observation/hiv-vl-1", "Observation/cbc-7", "Patient/pat-001"}
	e.CorrelationID = "req-7f3a"
	return e
}

func TestJSONSinkOptionalFieldsRoundTrip(t *testing.T) {
	cancel := audit.Event{ID: "cx-1", Time: t0, Type: audit.TypeCancellation, Patient: "Patient/pat-001", Cancels: "dec-0001", CorrelationID: "req-7f3a"}
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	sent := []audit.Event{fullEvent(1), disclosureEvent(2), cancel}
	for _, e := range sent {
		require.NoError(t, s.Emit(context.Background(), e))
	}
	var got []audit.Event
	for e, err := range audit.ReadLog(bytes.NewReader(buf.Bytes())) {
		require.NoError(t, err)
		got = append(got, e)
	}
	require.Len(t, got, len(sent))
	for i := range sent {
		want := sent[i]
		want.Seq, want.PrevHash, want.Hash = got[i].Seq, got[i].PrevHash, got[i].Hash
		assert.Equal(t, want, got[i], "event %d", i+1)
	}
}

func TestJSONSinkOptionalFieldsPlacement(t *testing.T) {
	tests := []struct {
		name string
		e    audit.Event
		want string // what follows "obligations":[…] up to "per_category"
	}{
		{"all set", fullEvent(1),
			`,"policy_name":"northside-lab","policy_version":"2025.03","policy_hash":"` + strings.Repeat("ab", 32) +
				`","resources":["Observation/hiv-vl-1","Observation/cbc-7","Patient/pat-001"],"correlation_id":"req-7f3a","per_category":`},
		{"none set", disclosureEvent(1), `,"per_category":`},
		{"cancellation", audit.Event{ID: "cx", Time: t0, Type: audit.TypeCancellation, Cancels: "d\"1"}, `,"cancels":"d\"1","per_category":`},
		{"empty resources", func() audit.Event { e := disclosureEvent(1); e.Resources = []string{}; return e }(), `,"per_category":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, audit.NewJSONSink(&buf).Emit(context.Background(), tt.e))
			line := buf.String()
			i := strings.Index(line, `"obligations":[`)
			require.Positive(t, i)
			rest := line[i:]
			rest = rest[strings.Index(rest, "]")+1:]
			assert.True(t, strings.HasPrefix(rest, tt.want), "got %s", rest)
			require.NoError(t, audit.Verify(strings.NewReader(line)))
		})
	}
}

// TestVerifyRejectsEmptyOptionalField checks that an optional field
// written empty is not canonical: each field has one encoding.
func TestVerifyRejectsEmptyOptionalField(t *testing.T) {
	log := string(writeLog(t, 1))
	for _, member := range []string{`"policy_name":"",`, `"resources":[],`, `"cancels":"",`} {
		t.Run(member, func(t *testing.T) {
			bad := strings.Replace(log, `"per_category":`, member+`"per_category":`, 1)
			err := audit.Verify(strings.NewReader(bad))
			var ce *audit.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, 1, ce.Line)
			assert.Contains(t, ce.Reason, "canonical")
		})
	}
}

func TestSlogSinkOptionalFields(t *testing.T) {
	attrs := func(e audit.Event) map[string]slog.Value {
		h := &captureHandler{}
		require.NoError(t, audit.NewSlogSink(slog.New(h), audit.SlogGroup("")).Emit(context.Background(), e))
		require.Len(t, h.records, 1)
		got := map[string]slog.Value{}
		h.records[0].Attrs(func(a slog.Attr) bool { got[a.Key] = a.Value; return true })
		return got
	}
	optional := []string{"policy_name", "policy_version", "policy_hash", "resources", "correlation_id"}

	got := attrs(fullEvent(1))
	for _, k := range optional {
		assert.Contains(t, got, k)
	}
	assert.Equal(t, "2025.03", got["policy_version"].String())
	assert.Equal(t, fullEvent(1).Resources, got["resources"].Any())
	assert.Equal(t, "req-7f3a", got["correlation_id"].String())

	got = attrs(disclosureEvent(1))
	for _, k := range append(optional, "cancels") {
		assert.NotContains(t, got, k, "unset fields are left out")
	}
	assert.Equal(t, "dec-0001", attrs(audit.Event{Type: audit.TypeCancellation, Cancels: "dec-0001"})["cancels"].String())
}

// TestJSONSinkEmitAllocsOptionalFields pins the allocations of an event
// that sets every field: none once the buffer has grown.
func TestJSONSinkEmitAllocsOptionalFields(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := audit.NewJSONSink(io.Discard)
	e := fullEvent(1)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(1000, func() {
		if err := s.Emit(ctx, e); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "allocations per event")
}

func BenchmarkJSONSinkEmitOptionalFields(b *testing.B) {
	s := audit.NewJSONSink(io.Discard)
	e := fullEvent(1)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Emit(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}
