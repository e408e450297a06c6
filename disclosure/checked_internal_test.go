package disclosure

import (
	"bytes"
	goflag "flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = goflag.Bool("update", false, "rewrite policies/hipaa.checked")

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
		assert.Equal(t, r.readsConsent, loaded.rules[i].readsConsent, r.ID)
	}
}

func TestDecodeCheckedRefusesDamage(t *testing.T) {
	_, err := decodeChecked([]byte("something else"))
	require.Error(t, err)
	_, err = decodeChecked(hipaaChecked[:len(hipaaChecked)-3])
	require.Error(t, err)
	t.Run("a host's condition is parsed, not looked up", func(t *testing.T) {
		_, err := parseChecked([]byte("policy: x\nrules:\n  - {id: r, effect: deny, when: 'request.nope'}\n"), nil, checkedTable{})
		var pe *PolicyError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, 3, pe.Line)
	})
}
