package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
	"github.com/custodianhq/custodian/examples/internal/golden"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	golden.Check(t, "output.golden", out.Bytes())

	s := out.String()
	assert.Equal(t, 3, strings.Count(s, "<- the state rule"), "the subpoena, the research request and treatment without a consent naming HIV")
	assert.Contains(t, s, "  HIV       permit treatment                         deny state-hiv-written-consent", "HIPAA permits HIV results for treatment; the state rule needs a consent")
	assert.Contains(t, s, "  HIV       permit judicial-subpoena                 deny state-hiv-written-consent")
	assert.Contains(t, s, "  HIV       deny (no rule permits)                   deny state-hiv-written-consent", "the employer's request is denied either way, now citing the state rule")
}

// TestStatePolicySuite is how a host tests its own layer: the suite runs
// as subtests, one per case.
func TestStatePolicySuite(t *testing.T) {
	layered, err := disclosure.HIPAA().Extend(stateRule)
	require.NoError(t, err)
	disclosuretest.RunFile(t, layered, "state-hiv_suite.yaml")
}

// TestStatePolicyNarrowsOnly checks that the layer never permits what
// HIPAA alone denies: every case of the suite is decided under both, with
// the suite's consents on file.
func TestStatePolicyNarrowsOnly(t *testing.T) {
	layered, err := disclosure.HIPAA().Extend(stateRule)
	require.NoError(t, err)
	suite, err := disclosuretest.ParseFile("state-hiv_suite.yaml")
	require.NoError(t, err)
	narrowed, err := suite.Narrows(t.Context(), disclosure.HIPAA(), layered)
	require.NoError(t, err)
	assert.Equal(t, 3, narrowed, "the layer narrows three outcomes of the suite")
}
