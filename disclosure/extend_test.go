package disclosure_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

func TestExtendProtectionOnlyGrows(t *testing.T) {
	layer := []byte(`policy: genetic
protected: [GDIS]
rules:
  - {id: layer-noop, effect: deny, when: 'false'}
`)
	t.Run("over a policy that declares none", func(t *testing.T) {
		base, err := disclosure.ParsePolicy([]byte("policy: base\nrules:\n  - {id: r, effect: deny, when: 'false'}\n"))
		require.NoError(t, err)
		p, err := base.Extend(layer)
		require.NoError(t, err)
		got := p.Protected()
		assert.Contains(t, got, consent.HIV, "a layer cannot remove the default protection")
		assert.Contains(t, got, consent.Genetic)
		assert.Subset(t, got, consent.DefaultProtected())
	})
	t.Run("over the built-in policy", func(t *testing.T) {
		base := disclosure.HIPAA()
		p, err := base.Extend(layer)
		require.NoError(t, err)
		assert.Subset(t, p.Protected(), base.Protected())
		assert.Contains(t, p.Protected(), consent.Genetic)
	})
	t.Run("a layer without a list keeps the base's", func(t *testing.T) {
		base := disclosure.HIPAA()
		p, err := base.Extend([]byte("policy: l\nrules:\n  - {id: l-r, effect: deny, when: 'false'}\n"))
		require.NoError(t, err)
		assert.Equal(t, base.Protected(), p.Protected())
	})
}
