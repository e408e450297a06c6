package disclosure_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
)

const (
	stateLayerPath      = "policies/state-hiv-genetic.yaml"
	stateLayerSuitePath = "testdata/hipaa/state-hiv-genetic-suite.yaml"
)

func TestStateSensitiveSuite(t *testing.T) {
	disclosuretest.RunFile(t, disclosure.StateSensitive(), stateLayerSuitePath)
}

func TestStateSensitiveParsesOnce(t *testing.T) {
	first, second := disclosure.StateSensitive(), disclosure.StateSensitive()
	require.NotNil(t, first)
	assert.Same(t, first, second, "StateSensitive() combined the policies more than once")
	assert.Equal(t, "hipaa+state-hiv-genetic", first.Name())
	assert.Len(t, first.Rules(), len(disclosure.HIPAA().Rules())+3)
}

func TestStateSensitiveFileIsACopy(t *testing.T) {
	src, err := os.ReadFile(stateLayerPath)
	require.NoError(t, err)
	a := disclosure.StateSensitiveFile()
	require.Equal(t, src, a)
	a[0] ^= 0xff
	assert.Equal(t, src, disclosure.StateSensitiveFile(), "modifying the result changed the embedded layer")
}

// TestStateSensitiveLayerShape checks what the layer may be: deny rules
// only, each exercised by the layer's suite, and a protected list that
// keeps every category the built-in policy protects.
func TestStateSensitiveLayerShape(t *testing.T) {
	var layer struct {
		Protected []string `yaml:"protected"`
		Rules     []struct {
			ID     string `yaml:"id"`
			Effect string `yaml:"effect"`
			Basis  string `yaml:"basis"`
		} `yaml:"rules"`
	}
	require.NoError(t, yaml.Unmarshal(disclosure.StateSensitiveFile(), &layer))
	require.NotEmpty(t, layer.Rules)
	exercised := expectedRules(t, readSuite(t, stateLayerSuitePath))
	for _, r := range layer.Rules {
		assert.Equal(t, "deny", r.Effect, "rule %q: a layer of stricter law only denies", r.ID)
		assert.NotEmpty(t, r.Basis, "rule %q: no basis", r.ID)
		assert.NotEmpty(t, exercised[r.ID], "rule %q: no case in %s expects it", r.ID, stateLayerSuitePath)
	}
	for _, c := range disclosure.HIPAA().Protected() {
		assert.Contains(t, layer.Protected, string(c), "the layer's protected list drops %s", c)
	}
}

// TestStateSensitiveNarrowsOnly decides every case of the built-in suite and
// of the layer's suite under HIPAA alone and under the layered policy: the
// layer never permits what HIPAA alone denies, and it narrows some.
func TestStateSensitiveNarrowsOnly(t *testing.T) {
	total := 0
	for _, path := range []string{hipaaSuitePath, stateLayerSuitePath} {
		suite, err := disclosuretest.ParseFile(path)
		require.NoError(t, err)
		narrowed, err := suite.Narrows(t.Context(), disclosure.HIPAA(), disclosure.StateSensitive())
		require.NoError(t, err, path)
		total += narrowed
	}
	assert.Positive(t, total, "the layer narrows nothing")
}
