package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/examples/internal/golden"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	golden.Check(t, "output.golden", out.Bytes())

	s := out.String()
	first := s[:strings.Index(s, "2. Break-the-glass")]
	assert.Equal(t, 5, strings.Count(first, "deny   deny-break-the-glass-without-reason"), "no reason, nothing leaves")
	assert.Contains(t, first, "released: nothing")

	second := s[strings.Index(s, "2. Break-the-glass"):strings.Index(s, "Audit trail")]
	assert.Contains(t, second, "LAB        permit break-the-glass [45 CFR 164.506(c)(2)] view=full obligations=review")
	assert.Contains(t, second, "HIV        permit break-the-glass")
	assert.Contains(t, second, "ETH        permit part2-medical-emergency [42 CFR 2.51(a)] view=full obligations=review\n")
	assert.Contains(t, second, "PSYTHPN    deny   deny-psychotherapy-notes")
	assert.NotContains(t, second, "42 CFR 2.32 notice", "2.32 governs disclosures with consent, not a medical emergency")

	queue := s[strings.Index(s, "review queue"):]
	assert.Equal(t, 1, strings.Count(queue, "decision ed-"), "one reviewed disclosure")
	assert.Contains(t, queue, "emergency:     unresponsive on arrival")
	assert.Contains(t, queue, "received by:   Dr. A. Osei")
}
