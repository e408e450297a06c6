package disclosuretest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
)

// narrowSuite has one case a deny layer narrows and one a permit layer
// widens.
const narrowSuite = `
now: 2026-06-01T12:00:00Z
cases:
  - name: HIV to a treating provider
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Practitioner/dr-adams, kind: provider}
      purpose: TREAT
      categories: [LAB, HIV]
    expect: {LAB: permit, HIV: permit}
  - name: laboratory results to an employer
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Organization/acme, kind: employer}
      purpose: PATRQT
      categories: [LAB]
    expect: {LAB: deny}
`

func TestNarrows(t *testing.T) {
	s, err := disclosuretest.Parse([]byte(narrowSuite), ".")
	require.NoError(t, err)
	base := disclosure.HIPAA()
	tests := []struct {
		name     string
		layer    string
		narrowed int
		widens   string // part of the error; "" when the layer only narrows
	}{
		{"a deny layer narrows", `policy: no-hiv
rules:
  - {id: no-hiv, effect: deny, when: 'category == "HIV"'}
`, 1, ""},
		{"a permit layer widens", `policy: employer-lab
rules:
  - {id: employer-lab, effect: permit, basis: b, view: full, when: 'request.recipient.kind == "employer"'}
`, 0, `"laboratory results to an employer" (line 12): LAB: hipaa+employer-lab permits (rule "employer-lab") what hipaa denies`},
		{"the same policy neither narrows nor widens", "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			layered := base
			if tt.layer != "" {
				layered, err = base.Extend([]byte(tt.layer))
				require.NoError(t, err)
			}
			narrowed, err := s.Narrows(t.Context(), base, layered)
			assert.Equal(t, tt.narrowed, narrowed)
			if tt.widens == "" {
				assert.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.widens)
			}
		})
	}
}
