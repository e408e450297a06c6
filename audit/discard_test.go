package audit_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

func TestDiscardKeepsNothingAndSucceeds(t *testing.T) {
	assert.NoError(t, audit.Discard.Emit(context.Background(), audit.Event{ID: "e1"}))
	assert.False(t, audit.IsDeferred(audit.Discard))
}

func TestIsDeferred(t *testing.T) {
	async := audit.NewAsyncSink(audittest.NewRecorder(), 1)
	t.Cleanup(func() { _ = async.Close(context.Background()) })
	tests := []struct {
		name string
		sink audit.Sink
		want bool
	}{
		{"recorder", audittest.NewRecorder(), false},
		{"json", audit.NewJSONSink(&nopWriter{}), false},
		{"async", async, true},
		{"multi of synchronous sinks", audit.Multi(audittest.NewRecorder(), audit.Discard), false},
		{"multi holding an async sink", audit.Multi(audittest.NewRecorder(), async), true},
		{"nested multi", audit.Multi(audit.Multi(async)), true},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, audit.IsDeferred(tt.sink))
		})
	}
}

type nopWriter struct{}

func (*nopWriter) Write(p []byte) (int, error) { return len(p), nil }
