package audit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

type panicSink struct{}

func (panicSink) Emit(context.Context, audit.Event) error { panic("boom") }

func TestMulti(t *testing.T) {
	a, c := audittest.NewRecorder(), audittest.NewRecorder()
	boom := errors.New("disk full")
	m := audit.Multi(a, audittest.FailAfter(0, boom), nil, panicSink{}, c)
	err := m.Emit(context.Background(), disclosureEvent(1))
	require.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "sink 1")
	assert.Contains(t, err.Error(), "sink 2: ") // the panicking sink; nil was skipped
	assert.Contains(t, err.Error(), "panicked")
	assert.Equal(t, 1, a.Len(), "every sink gets the event")
	assert.Equal(t, 1, c.Len(), "even after one fails")

	require.NoError(t, audit.Multi(a, c).Emit(context.Background(), disclosureEvent(2)))
	require.NoError(t, audit.Multi().Emit(context.Background(), disclosureEvent(3)))
}
