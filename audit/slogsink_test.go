package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// captureHandler keeps the records it handles.
type captureHandler struct {
	mu      sync.Mutex
	level   slog.Level
	err     error
	records []slog.Record
}

func (h *captureHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level }
func (h *captureHandler) WithAttrs([]slog.Attr) slog.Handler           { return h }
func (h *captureHandler) WithGroup(string) slog.Handler                { return h }
func (h *captureHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return h.err
}

var allFields = []string{
	"id", "time", "type", "actor", "patient", "recipient", "recipient_name", "purpose", "outcome",
	"categories", "fields", "rule", "basis", "consent_id", "reason", "obligations", "per_category",
	"seq", "prev_hash", "hash",
}

func TestSlogSinkEveryField(t *testing.T) {
	h := &captureHandler{}
	s := audit.NewSlogSink(slog.New(h), audit.SlogGroup(""))
	e := disclosureEvent(1)
	e.ConsentID = "Consent/c1"
	require.NoError(t, s.Emit(context.Background(), e))
	require.Len(t, h.records, 1)
	r := h.records[0]
	assert.Equal(t, slog.LevelInfo, r.Level)
	got := map[string]slog.Value{}
	r.Attrs(func(a slog.Attr) bool { got[a.Key] = a.Value; return true })
	for _, f := range allFields {
		assert.Contains(t, got, f)
	}
	assert.Len(t, got, len(allFields))
	assert.Equal(t, "Patient/pat-001", got["patient"].String())
	assert.Equal(t, e.Time, got["time"].Time())
	assert.Equal(t, e.Categories, got["categories"].Any())
}

func TestSlogSinkJSONHandler(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewSlogSink(slog.New(slog.NewJSONHandler(&buf, nil)))
	require.NoError(t, s.Emit(context.Background(), disclosureEvent(1)))
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	assert.Equal(t, "audit", m["msg"])
	group, ok := m["audit"].(map[string]any)
	require.True(t, ok)
	for _, f := range allFields {
		assert.Contains(t, group, f)
	}
	pc := group["per_category"].([]any)
	assert.Len(t, pc, 4)
	assert.Equal(t, "HIV", pc[1].(map[string]any)["category"])
}

func TestSlogSinkLevelDisabled(t *testing.T) {
	h := &captureHandler{level: slog.LevelWarn}
	s := audit.NewSlogSink(slog.New(h))
	require.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(1)), audit.ErrLevelDisabled)
	assert.Empty(t, h.records)

	s = audit.NewSlogSink(slog.New(h), audit.SlogLevel(slog.LevelWarn))
	require.NoError(t, s.Emit(context.Background(), disclosureEvent(1)))
	assert.Len(t, h.records, 1)
}

func TestSlogSinkHandlerError(t *testing.T) {
	boom := errors.New("disk full")
	s := audit.NewSlogSink(slog.New(&captureHandler{err: boom}))
	require.ErrorIs(t, s.Emit(context.Background(), disclosureEvent(1)), boom)

}

type ctxKey struct{}

// ctxHandler records whether the context it was handed was cancelled, and
// its ctxKey value.
type ctxHandler struct {
	captureHandler
	cancelled bool
	value     any
}

func (h *ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	h.cancelled, h.value = ctx.Err() != nil, ctx.Value(ctxKey{})
	return h.captureHandler.Handle(ctx, r)
}

func TestSlogSinkCancelledContext(t *testing.T) {
	h := &ctxHandler{}
	s := audit.NewSlogSink(slog.New(h))
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	cancel()
	// A decision already made is logged even though its request was
	// cancelled, and the handler sees a live context.
	require.NoError(t, s.Emit(ctx, disclosureEvent(1)))
	require.Len(t, h.records, 1)
	assert.False(t, h.cancelled)
	assert.Equal(t, "v", h.value)
}
