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
	for _, want := range []string{
		// 1. the employer gets laboratory results only
		"LAB        permit authorization-employer [45 CFR 164.508(a)(1)] view=employer",
		"HIV        deny   no rule permits (default deny)",
		"ETH        deny   deny-part2-without-authority",
		// 2. the health department gets the HIV result, accounted
		"HIV        permit public-health [45 CFR 164.512(b)(1)(i)] view=public-health obligations=account",
		// 3. the lawyer gets nothing
		"released: nothing",
		// 4. the patient gets everything, Part 2 records included
		"ETH        permit part2-patient-access",
		"chain: verified",
		// the patient was told what they signed, and how to revoke it
		"| You may revoke this authorization at any time",
		"to State Department of Health",
	} {
		assert.Contains(t, s, want)
	}
	accounting := s[bytes.Index(out.Bytes(), []byte("Accounting of disclosures")):]
	assert.NotContains(t, accounting, "Acme", "a disclosure under an authorization is not accounted (164.528(a)(1)(iv))")
	assert.NotContains(t, accounting, "portal", "a disclosure to the patient is not accounted")
	health := s[strings.Index(s, "2. "):strings.Index(s, "3. ")]
	assert.NotContains(t, health, "Opiate screen", "the health department does not get the Part 2 record")
}
