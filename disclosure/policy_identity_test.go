package disclosure_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/disclosure"
)

func TestPolicyIdentity(t *testing.T) {
	p, err := disclosure.ParsePolicy([]byte(releasing))
	require.NoError(t, err)
	assert.Equal(t, "releasing", p.Name())
	assert.Equal(t, "3", p.Version())
	assert.Equal(t, sha256Hex([]byte(releasing)), p.Hash())

	h := disclosure.HIPAA()
	assert.Equal(t, "hipaa", h.Name())
	assert.Equal(t, "2026.2", h.Version())
	assert.Equal(t, sha256Hex(disclosure.HIPAAPolicyFile()), h.Hash())

	// An extended policy's hash covers the base and the layer.
	const layer = "policy: state\nversion: \"7\"\nrules:\n  - {id: state-deny, effect: deny, when: 'category == \"HIV\"'}\n"
	x, err := h.Extend([]byte(layer))
	require.NoError(t, err)
	assert.Equal(t, "hipaa+state", x.Name())
	assert.Equal(t, "7", x.Version())
	assert.Equal(t, sha256Hex([]byte(h.Hash()+"+"+sha256Hex([]byte(layer)))), x.Hash())
	y, err := h.Extend([]byte(layer + "# one more line\n"))
	require.NoError(t, err)
	assert.NotEqual(t, x.Hash(), y.Hash(), "any change of the layer changes the hash")
	z, err := p.Extend([]byte(layer))
	require.NoError(t, err)
	assert.NotEqual(t, x.Hash(), z.Hash(), "the same layer on another base hashes differently")
}

func TestPolicyLanguage(t *testing.T) {
	const rest = "policy: p\nrules:\n  - {id: r, effect: permit, when: 'true', basis: b, view: full}\n"
	tests := []struct {
		name    string
		header  string
		wantErr string // "" when the policy parses
		line    int
	}{
		{"absent means 1", "", "", 0},
		{"1", "language: 1\n", "", 0},
		{"1 quoted", "language: \"1\"\n", "", 0},
		{"2", "language: 2\n", `policy language "2" is not supported (this version reads language 1)`, 1},
		{"1.1", "language: 1.1\n", `policy language "1.1" is not supported`, 1},
		{"a list", "language: [1]\n", "policy language a list is not supported", 1},
		{"null", "language:\n", "policy language null is not supported", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := disclosure.ParsePolicy([]byte(tt.header + rest))
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			var pe *disclosure.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "language", pe.Field)
			assert.Equal(t, tt.line, pe.Line)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
	_, err := disclosure.ParsePolicy([]byte(`{"policy": "j", "language": 1, "rules": [{"id": "r", "effect": "permit", "when": "true", "basis": "b", "view": "full"}]}`))
	assert.NoError(t, err, "JSON declares it the same way")
	_, err = disclosure.HIPAA().Extend([]byte("language: 2\n" + strings.Replace(rest, "id: r,", "id: layer-r,", 1)))
	require.Error(t, err, "a layer is held to the same language")
	assert.Contains(t, err.Error(), `policy language "2"`)
}
