package audit_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

func TestVerifyCheckpoint(t *testing.T) {
	log := writeLog(t, 6)
	ls := lines(log)
	events := map[uint64]audit.Event{}
	for e, err := range audit.ReadLog(bytes.NewReader(log)) {
		require.NoError(t, err)
		events[e.Seq] = e
	}
	at := func(seq uint64) audit.Checkpoint { return audit.Checkpoint{Seq: seq, Hash: events[seq].Hash} }
	cp := at(4)
	join := func(xs []string) string { return strings.Join(xs, "") }

	for _, c := range []struct {
		name string
		log  string
		cp   audit.Checkpoint
		opts []audit.VerifyOption
		want string // "" verifies
	}{
		{"ends at the checkpoint", join(ls[:4]), cp, nil, ""},
		{"lines after it", join(ls), cp, nil, ""},
		{"the zero checkpoint", "", audit.Checkpoint{}, nil, ""},
		{"emptied", "", cp, nil, "log ends at seq 0, before the checkpoint at seq 4"},
		{"cut at a line before it", join(ls[:3]), cp, nil, "log ends at seq 3, before the checkpoint at seq 4"},
		{"another chain", string(writeLog(t, 6, audit.WithHMACKey([]byte("k")))), cp,
			[]audit.VerifyOption{audit.VerifyKey([]byte("k"))}, "hash differs from the checkpoint's"},
		{"a checkpoint of another log", join(ls), audit.Checkpoint{Seq: 4, Hash: strings.Repeat("ab", 32)}, nil, "hash differs from the checkpoint's"},
		{"starts right after it", join(ls[4:]), cp, []audit.VerifyOption{audit.VerifyAnyStart()}, ""},
		{"starts after it with another link", join(ls[4:]), audit.Checkpoint{Seq: 4, Hash: strings.Repeat("ab", 32)},
			[]audit.VerifyOption{audit.VerifyAnyStart()}, "prev_hash differs from the checkpoint's hash"},
		{"starts later", join(ls[5:]), cp, []audit.VerifyOption{audit.VerifyAnyStart()}, "log starts after the checkpoint at seq 4"},
		{"an empty continuation at it", "", cp, []audit.VerifyOption{audit.VerifyStart(5, cp.Hash)}, ""},
		{"an empty continuation elsewhere", "", cp, []audit.VerifyOption{audit.VerifyStart(6, events[5].Hash)}, "log starts after the checkpoint at seq 4"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := append([]audit.VerifyOption{audit.VerifyCheckpoint(c.cp)}, c.opts...)
			err := audit.Verify(strings.NewReader(c.log), opts...)
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			var ce *audit.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Contains(t, ce.Error(), c.want)
		})
	}
}

func TestCheckpointString(t *testing.T) {
	assert.Equal(t, "seq 3 hash "+strings.Repeat("0", 64), audit.Checkpoint{Seq: 3, Hash: strings.Repeat("0", 64)}.String())
}
