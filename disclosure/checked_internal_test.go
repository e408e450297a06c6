package disclosure

import (
	"bytes"
	"context"
	goflag "flag"
	"os"
	"testing"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = goflag.Bool("update", false, "rewrite policies/hipaa.checked and hipaa_shipped.go")

// TestBuiltInPolicyChecked checks that the table of checked conditions
// shipped with the built-in policy is what parsing policies/hipaa.yaml
// gives today, and that the policy loaded through it is the policy parsed.
func TestBuiltInPolicyChecked(t *testing.T) {
	fresh, err := ParsePolicy(hipaaPolicy)
	require.NoError(t, err)
	want, err := encodeChecked(fresh)
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile("policies/hipaa.checked", want, 0o644))
		return
	}
	require.True(t, bytes.Equal(want, hipaaChecked),
		"policies/hipaa.checked is stale: run go test ./disclosure -run TestBuiltInPolicyChecked -update")
	table, err := decodeChecked(hipaaChecked)
	require.NoError(t, err)
	loaded := HIPAA()
	require.Len(t, loaded.rules, len(fresh.rules))
	for i, r := range fresh.rules {
		require.Contains(t, table, r.When, r.ID)
		assert.Equal(t, r.cost, loaded.rules[i].cost, r.ID)
		assert.Equal(t, r.reads, loaded.rules[i].reads, r.ID)
		assert.Equal(t, r.guard, loaded.rules[i].guard, r.ID)
		assert.Nil(t, loaded.asts[i], "%s: a shipped condition is decoded on first use", r.ID)
		assert.NotEmpty(t, loaded.shipped[i], r.ID)
	}
}

// TestShippedConditionFailsClosed checks that a shipped condition that
// cannot be planned fails its rule: a deny rule denies.
func TestShippedConditionFailsClosed(t *testing.T) {
	src := []byte("policy: x\nrules:\n  - {id: d, effect: deny, when: 'request.reason == \"x\"'}\n" +
		"  - {id: p, effect: permit, basis: b, view: full, when: 'true'}\n")
	p, err := ParsePolicy(src)
	require.NoError(t, err)
	enc, err := encodeChecked(p)
	require.NoError(t, err)
	table, err := decodeChecked(enc)
	require.NoError(t, err)
	for text := range table {
		table[text] = []byte{0xff, 0xff} // not a CheckedExpr
	}
	shipped := attachChecked(p, table)
	require.NotNil(t, shipped)
	e, err := New(shipped, WithAudit(audit.Discard))
	require.NoError(t, err)
	d, err := e.Decide(context.Background(), benchRequest(consent.Laboratory))
	require.NoError(t, err)
	assert.Equal(t, consent.Deny, d.Outcomes[0].Effect)
	assert.Equal(t, "d", d.Outcomes[0].Rule)
	require.NotEmpty(t, d.Trace)
	assert.Contains(t, d.Trace[0].Err, "cannot be planned")
}

func TestDecodeCheckedRefusesDamage(t *testing.T) {
	_, err := decodeChecked([]byte("something else"))
	require.Error(t, err)
	_, err = decodeChecked(hipaaChecked[:len(hipaaChecked)-3])
	require.Error(t, err)
	p, err := ParsePolicy([]byte("policy: x\nrules:\n  - {id: r, effect: deny, when: 'true'}\n"))
	require.NoError(t, err)
	assert.Nil(t, attachChecked(p, checkedTable{}), "a table that lacks a condition is not used")
}

// TestBuiltInPolicyShipped checks that hipaa_shipped.go is the policy that
// parsing policies/hipaa.yaml gives today.
func TestBuiltInPolicyShipped(t *testing.T) {
	fresh, err := ParsePolicy(hipaaPolicy)
	require.NoError(t, err)
	src, err := generateShipped(fresh)
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile("hipaa_shipped.go", src, 0o644))
		return
	}
	current, err := os.ReadFile("hipaa_shipped.go")
	require.NoError(t, err)
	require.True(t, bytes.Equal(src, current),
		"hipaa_shipped.go is stale: run go test ./disclosure -run 'TestBuiltInPolicy' -update")
	shipped := *HIPAA() // a copy: HIPAA() is shared
	require.Len(t, shipped.asts, len(fresh.rules))
	fresh.asts, shipped.asts, fresh.shipped = nil, nil, shipped.shipped
	assert.Equal(t, *fresh, shipped)
}
