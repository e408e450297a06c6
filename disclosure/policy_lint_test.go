package disclosure_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/disclosure"
)

func TestParsePolicyLint(t *testing.T) {
	tests := []struct {
		name         string
		policy       string
		rule, field  string
		line, column int
		msg          string
	}{
		{"an obligation typo", `policy: p
rules:
  - {id: r, effect: permit, when: 'true', basis: b, view: full, obligations: [acount]}
`, "r", "obligations[0]", 3, 79, `unknown obligation "acount"`},
		{"a kind typo", `policy: p
rules:
  - {id: r, effect: permit, when: 'request.recipient.kind == "provder"', basis: b, view: full}
`, "r", "when", 3, 62, `recipient or requester kind "provder"`},
		{"a purpose that is no code", `policy: p
rules:
  - {id: r, effect: permit, when: 'within(request.purpose, "TREATMENT")', basis: b, view: full}
`, "r", "when", 3, 60, `purpose "TREATMENT"`},
		{"a purpose compared", `policy: p
rules:
  - id: r
    effect: deny
    when: |
      request.purpose == "TREAT" ||
      request.purpose != "PAYMENT"
`, "r", "when", 7, 26, `purpose "PAYMENT"`},
		{"a category in a list", `policy: p
rules:
  - {id: r, effect: deny, when: 'category in ["HIV", "hiv"]'}
`, "r", "when", 3, 54, `category "hiv"`},
		{"a protected typo", `policy: p
protected: [HIV, HIVV]
rules:
  - {id: r, effect: deny, when: 'false'}
`, "", "protected[1]", 2, 18, `unknown category "HIVV"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := disclosure.ParsePolicy([]byte(tt.policy))
			require.Error(t, err)
			var pe *disclosure.PolicyError
			require.True(t, errors.As(err, &pe), "want a *PolicyError, got %T", err)
			assert.Equal(t, tt.rule, pe.Rule)
			assert.Equal(t, tt.field, pe.Field)
			assert.Equal(t, tt.line, pe.Line, "line")
			assert.Equal(t, tt.column, pe.Column, "column")
			assert.Contains(t, pe.Error(), tt.msg)
		})
	}
}

func TestParsePolicyLintAcceptsTheVocabulary(t *testing.T) {
	_, err := disclosure.ParsePolicy([]byte(`policy: p
protected: [HIV, RAD-SENSITIVE]
vocabulary:
  kinds: [provider, kiosk]
  purposes: [TREAT, X-AUDIT]
  categories: [LAB, HIV, RAD-SENSITIVE]
  obligations: [log-to-registry]
rules:
  - id: r
    effect: permit
    when: 'request.recipient.kind == "kiosk" && request.purpose == "X-AUDIT" && category == "RAD-SENSITIVE" && request.reason != "whatever"'
    basis: b
    view: full
    obligations: [account, log-to-registry]
`))
	require.NoError(t, err)
	_, err = disclosure.ParsePolicy(disclosure.HIPAAPolicyFile())
	require.NoError(t, err, "the built-in policy passes its own lint")
}

func TestExtendLintKnowsTheBase(t *testing.T) {
	base, err := disclosure.ParsePolicy([]byte(`policy: base
vocabulary:
  kinds: [kiosk]
  obligations: [log-to-registry]
rules:
  - {id: r, effect: deny, when: 'false'}
`))
	require.NoError(t, err)
	_, err = base.Extend([]byte(`policy: layer
rules:
  - {id: l, effect: permit, when: 'request.recipient.kind == "kiosk"', basis: b, view: full, obligations: [log-to-registry]}
`))
	require.NoError(t, err)
}

func TestParsePolicyReservedRuleIDs(t *testing.T) {
	for _, id := range []string{disclosure.VocabularyRule, disclosure.ConsentValidation} {
		_, err := disclosure.ParsePolicy([]byte("policy: p\nrules:\n  - {id: " + id + ", effect: deny, when: 'false'}\n"))
		var pe *disclosure.PolicyError
		require.True(t, errors.As(err, &pe), id)
		assert.Equal(t, "id", pe.Field)
	}
}
