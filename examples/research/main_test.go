package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/examples/internal/golden"
	"github.com/custodianhq/custodian/examples/internal/records"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out), "run fails when an identifying value is left in an extract")
	golden.Check(t, "output.golden", out.Bytes())

	s := out.String()
	assert.Equal(t, 3, strings.Count(s, "LAB        permit de-identified"))
	assert.Equal(t, 3, strings.Count(s, "ETH        deny   deny-part2-without-authority"), "de-identified Part 2 records go to public health only")
	assert.Contains(t, s, "ETH        permit part2-research [42 CFR 2.52(a)] view=research obligations=account")
	assert.Contains(t, s, "LAB        permit research-waiver [45 CFR 164.512(i)(1)(i)] view=research obligations=account")
	assert.Contains(t, s, "chain: verified")

	pat2 := s[strings.Index(s, "Accounting of disclosures for Patient/pat2"):]
	assert.Contains(t, pat2, "to Lipid Outcomes Study", "the waiver disclosure is accounted")
	f001 := s[strings.Index(s, "Accounting of disclosures for Patient/f001"):strings.Index(s, "Accounting of disclosures for Patient/f201")]
	assert.Contains(t, f001, "no disclosure to account for", "a de-identified extract is not PHI and is not accounted")
}

// TestLeaksFindsIdentifiers checks the check itself: the source record
// leaks every identifier it holds.
func TestLeaksFindsIdentifiers(t *testing.T) {
	for _, p := range cohort {
		record, err := records.Bundle("x", p.files...)
		require.NoError(t, err)
		ids := identifiers(record)
		require.NotEmpty(t, ids, p.patient)
		assert.Contains(t, ids, p.patient, "record references are identifiers")
		assert.ElementsMatch(t, ids, leaks(ids, record), p.patient)
	}
}
