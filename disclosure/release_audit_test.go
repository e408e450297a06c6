package disclosure_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// TestEventsNameThePolicyAndTheRequest checks that every event of Decide
// and Release says which policy decided and carries the host's correlation
// ID, and that a disclosure event lists the resources that left.
func TestEventsNameThePolicyAndTheRequest(t *testing.T) {
	store := consent.NewMemoryStore()
	require.NoError(t, store.Put(context.Background(), lipidsConsent()))
	rec := &recorder{}
	e, err := disclosure.New(disclosure.HIPAA(), disclosure.WithConsents(store), disclosure.WithAudit(rec))
	require.NoError(t, err)
	permitted := lipidsRequest()
	permitted.CorrelationID = "ticket-4711"
	denied := lipidsRequest()
	denied.Recipient.ID = "Organization/other" // not named by the authorization
	denied.CorrelationID = "ticket-4712"

	ctx := context.Background()
	_, err = e.Decide(ctx, permitted)
	require.NoError(t, err)
	rel, err := e.Release(ctx, permitted, lipids(t))
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	rel, err = e.Release(ctx, denied, lipids(t))
	require.NoError(t, err)
	require.Nil(t, rel.Record)

	events := rec.all()
	require.Len(t, events, 3)
	tests := []struct {
		typ         audit.EventType
		correlation string
		resources   []string
	}{
		{audit.TypeDecision, "ticket-4711", nil},
		{audit.TypeDisclosure, "ticket-4711", []string{"DiagnosticReport/lipids", "Observation/cholesterol", "Observation/triglyceride", "Observation/hdlcholesterol", "Observation/ldlcholesterol"}},
		{audit.TypeDecision, "ticket-4712", nil},
	}
	for i, tt := range tests {
		ev := events[i]
		assert.Equal(t, tt.typ, ev.Type, "event %d", i)
		assert.Equal(t, "hipaa", ev.PolicyName, "event %d", i)
		assert.Equal(t, "2026.2", ev.PolicyVersion, "event %d", i)
		assert.Equal(t, sha256Hex(disclosure.HIPAAPolicyFile()), ev.PolicyHash, "event %d", i)
		assert.Equal(t, tt.correlation, ev.CorrelationID, "event %d", i)
		assert.Equal(t, tt.resources, ev.Resources, "event %d", i)
	}
}

func TestCorrelationIDIsLimited(t *testing.T) {
	e, rec := releasingEngine(t)
	r := pat2("provider")
	r.CorrelationID = strings.Repeat("x", 1<<20)
	_, err := e.Release(context.Background(), r, lipids(t))
	require.ErrorIs(t, err, disclosure.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "CorrelationID is longer than")
	assert.Empty(t, rec.all())
}

func TestNewRefusesADeferredSink(t *testing.T) {
	p, err := disclosure.ParsePolicy([]byte(releasing))
	require.NoError(t, err)
	tests := []struct {
		name    string
		sink    func() *audit.AsyncSink
		multi   bool
		opts    []disclosure.Option
		wantErr error
	}{
		{name: "an asynchronous sink", wantErr: disclosure.ErrDeferredAudit},
		{name: "one inside a Multi", multi: true, wantErr: disclosure.ErrDeferredAudit},
		{name: "opted in", opts: []disclosure.Option{disclosure.WithDeferredAudit()}},
		{name: "opted in, inside a Multi", multi: true, opts: []disclosure.Option{disclosure.WithDeferredAudit()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			async := audit.NewAsyncSink(rec, 8)
			t.Cleanup(func() { _ = async.Close(context.Background()) })
			var sink audit.Sink = async
			if tt.multi {
				sink = audit.Multi(&recorder{}, async)
			}
			e, err := disclosure.New(p, append([]disclosure.Option{disclosure.WithAudit(sink)}, tt.opts...)...)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Nil(t, e)
				return
			}
			require.NoError(t, err)
			rel, err := e.Release(context.Background(), pat2("provider"), lipids(t))
			require.NoError(t, err)
			assert.NotNil(t, rel.Record)
			require.NoError(t, async.Close(context.Background()))
			require.Len(t, rec.all(), 1, "drained on Close")
		})
	}
	_, err = disclosure.New(p, disclosure.WithAudit(&recorder{}))
	assert.NoError(t, err, "a sink that records before it returns needs no option")
}
