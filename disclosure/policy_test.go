package disclosure_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/minimize"
)

const minimalPolicy = `policy: minimal
rules:
  - id: treatment
    effect: permit
    when: request.purpose == "TREAT" && request.recipient.kind == "provider"
    basis: "45 CFR 164.506(c)(2)"
    view: full
`

func TestParsePolicy(t *testing.T) {
	p, err := disclosure.ParsePolicy([]byte(minimalPolicy))
	require.NoError(t, err)
	assert.Equal(t, "minimal", p.Name())
	rules := p.Rules()
	require.Len(t, rules, 1)
	assert.Equal(t, "treatment", rules[0].ID)
	assert.Equal(t, consent.Permit, rules[0].Effect)
	assert.Equal(t, 3, rules[0].Line)
	rules[0].ID = "changed"
	assert.Equal(t, "treatment", p.Rules()[0].ID, "Rules returns a copy")
}

func TestParsePolicyJSON(t *testing.T) {
	p, err := disclosure.ParsePolicy([]byte(`{"policy": "j", "rules": [{"id": "r", "effect": "deny", "when": "category == 'HIV'"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "r", p.Rules()[0].ID)
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		rule   string
		field  string
		line   int
		msg    string
	}{
		{"empty", ``, "", "", 0, "empty policy"},
		{"not yaml", "rules: [", "", "", 0, "yaml"},
		{"no name", "rules:\n  - {id: a, effect: deny, when: 'true'}\n", "", "policy", 1, "name is required"},
		{"no rules", "policy: x\n", "", "rules", 1, "non-empty list of rules"},
		{"unknown top field", "policy: x\nrulez: []\n", "", "rulez", 2, "unknown field"},
		{"unknown rule field", "policy: x\nrules:\n  - {id: a, effect: deny, when: 'true', whenn: 'x'}\n", "", "rules[0].whenn", 3, "unknown field"},
		{"missing id", "policy: x\nrules:\n  - {effect: deny, when: 'true'}\n", "", "rules[0].id", 3, "needs an id"},
		{"bad id", "policy: x\nrules:\n  - {id: Bad Id, effect: deny, when: 'true'}\n", "Bad Id", "id", 3, "lower case"},
		{"duplicate id", "policy: x\nrules:\n  - {id: a, effect: deny, when: 'true'}\n  - {id: a, effect: deny, when: 'false'}\n", "a", "id", 4, "duplicate rule id"},
		{"bad effect", "policy: x\nrules:\n  - {id: a, effect: allow, when: 'true'}\n", "a", "effect", 3, `got "allow"`},
		{"permit without view", "policy: x\nrules:\n  - {id: a, effect: permit, when: 'true', basis: b}\n", "a", "view", 3, "must name a view"},
		{"permit without basis", "policy: x\nrules:\n  - {id: a, effect: permit, when: 'true', view: full}\n", "a", "basis", 3, "legal basis"},
		{"unknown view", "policy: x\nrules:\n  - {id: a, effect: permit, when: 'true', basis: b, view: nope}\n", "a", "view", 3, `unknown view "nope"`},
		{"deny with view", "policy: x\nrules:\n  - {id: a, effect: deny, when: 'true', view: full}\n", "a", "view", 3, "names no view"},
		{"no condition", "policy: x\nrules:\n  - {id: a, effect: deny}\n", "a", "when", 3, "needs a condition"},
		{"syntax error", "policy: x\nrules:\n  - id: a\n    effect: deny\n    when: category ==\n", "a", "when", 5, "Syntax error"},
		{"undeclared field", "policy: x\nrules:\n  - id: a\n    effect: deny\n    when: request.recipent.kind == 'x'\n", "a", "when", 5, "undeclared reference"},
		{"wrong type", "policy: x\nrules:\n  - id: a\n    effect: deny\n    when: category == 3\n", "a", "when", 5, "no matching overload"},
		{"not boolean", "policy: x\nrules:\n  - id: a\n    effect: deny\n    when: request.purpose\n", "a", "when", 5, "must be bool"},
		{"dyn not boolean", "policy: x\nrules:\n  - id: a\n    effect: deny\n    when: request.attributes.court_order\n", "a", "when", 5, "must be bool"},
		{"too costly", "policy: x\nrules:\n  - id: a\n    effect: deny\n    when: request.attributes.all(k, request.attributes.all(j, request.attributes.all(i, k + j + i != '')))\n", "a", "when", 5, "estimated cost"},
		{"alias", "policy: x\nrules:\n  - &r {id: a, effect: deny, when: 'true'}\n  - *r\n", "", "", 3, "aliases"},
		{"redefine full", "policy: x\nviews:\n  full: {keep: [a]}\nrules:\n  - {id: a, effect: deny, when: 'true'}\n", "", "views.full", 3, "built in"},
		{"unknown view field", "policy: x\nviews:\n  v: {keeps: [a]}\nrules:\n  - {id: a, effect: deny, when: 'true'}\n", "", "views.v.keeps", 3, "unknown field"},
		{"bad view path", "policy: x\nviews:\n  v: {keep: [\"a..b\"]}\nrules:\n  - {id: a, effect: deny, when: 'true'}\n", "", "views.v", 3, "a..b"},
		{"kept and transformed", "policy: x\nviews:\n  v: {keep: [a], transform: {a: year}}\nrules:\n  - {id: a, effect: deny, when: 'true'}\n", "", "views.v", 3, "both kept and transformed"},
		{"safe-harbor not a boolean", "policy: x\nviews:\n  v: {keep: [a], safe-harbor: maybe}\nrules:\n  - {id: a, effect: deny, when: 'true'}\n", "", "views.v.safe-harbor", 3, "want true or false"},
		{"rules not a list", "policy: x\nrules: {id: a}\n", "", "rules", 2, "non-empty list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := disclosure.ParsePolicy([]byte(tt.policy))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
			var pe *disclosure.PolicyError
			require.True(t, errors.As(err, &pe), "want a *PolicyError, got %T", err)
			assert.Equal(t, tt.rule, pe.Rule)
			assert.Equal(t, tt.field, pe.Field)
			if tt.line > 0 {
				assert.Equal(t, tt.line, pe.Line, err.Error())
			}
		})
	}
}

func TestParsePolicyReportsEveryProblem(t *testing.T) {
	_, err := disclosure.ParsePolicy([]byte("policy: x\nrules:\n  - {id: a, effect: maybe, when: 'true'}\n  - {id: b, effect: permit, when: 'true'}\n"))
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{`rule "a": effect`, `rule "b": basis`, `rule "b": view`} {
		assert.Contains(t, msg, want)
	}
}

func TestParsePolicyColumnOfCELError(t *testing.T) {
	_, err := disclosure.ParsePolicy([]byte("policy: x\nrules:\n  - id: a\n    effect: deny\n    when: category == 'x' && nope\n"))
	var pe *disclosure.PolicyError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, 5, pe.Line)
	assert.Equal(t, 11+len("category == 'x' && "), pe.Column, "the column points at the undeclared name")
}

func TestParsePolicyTooLarge(t *testing.T) {
	_, err := disclosure.ParsePolicy([]byte("policy: x\n" + strings.Repeat("#", 2<<20)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "limit")
}

func TestExtend(t *testing.T) {
	base, err := disclosure.ParsePolicy([]byte(minimalPolicy))
	require.NoError(t, err)
	layered, err := base.Extend([]byte("policy: layer\nrules:\n  - {id: no-hiv, effect: deny, when: \"category == 'HIV'\"}\n  - {id: labs, effect: permit, when: \"category == 'LAB'\", basis: b, view: full}\n"))
	require.NoError(t, err)
	ids := []string{}
	for _, r := range layered.Rules() {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"no-hiv", "labs", "treatment"}, ids)
	assert.Len(t, base.Rules(), 1, "the base is unchanged")

	_, err = base.Extend([]byte("policy: layer\nrules:\n  - {id: treatment, effect: deny, when: 'true'}\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "duplicate rule id")
}

// TestViewTransformsResolvedByNew checks that a view may name the hash
// transform or a host's own transform: the policy parses, and New resolves
// the names with the view options it is given.
func TestViewTransformsResolvedByNew(t *testing.T) {
	const policy = `policy: x
views:
  v: {keep: [resourceType], transform: {id: hash, "subject.reference": pseudonym}}
rules:
  - {id: a, effect: permit, when: 'true', basis: b, view: v}
`
	p, err := disclosure.ParsePolicy([]byte(policy))
	require.NoError(t, err, "transform names are resolved by New")

	_, err = disclosure.New(p, disclosure.WithAudit(audit.Discard))
	require.Error(t, err)
	var pe *disclosure.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "views.v", pe.Field)
	assert.Contains(t, err.Error(), "WithHashKey")

	pseudonym := minimize.TransformFunc(func(any) (any, error) { return "Patient/pseudonym", nil })
	e, err := disclosure.New(p, disclosure.WithAudit(audit.Discard), disclosure.WithViewOptions(minimize.WithHashKey([]byte("k")), minimize.WithTransform("pseudonym", pseudonym)))
	require.NoError(t, err)
	rel, err := e.Release(context.Background(), request("provider", consent.Treatment, "LAB"),
		map[string]any{"resourceType": "Observation", "id": "o1", "subject": map[string]any{"reference": "Patient/p1"}, "note": "x"})
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.Equal(t, "Observation", rel.Record["resourceType"])
	assert.NotEqual(t, "o1", rel.Record["id"], "the id is hashed")
	assert.Equal(t, map[string]any{"reference": "Patient/pseudonym"}, rel.Record["subject"])
	assert.NotContains(t, rel.Record, "note")
}

func TestParsePolicySafeHarborView(t *testing.T) {
	p, err := disclosure.ParsePolicy([]byte("policy: x\nviews:\n  v: {keep: [Patient.gender], safe-harbor: true}\n  w: {keep: [Patient.gender]}\nrules:\n  - {id: a, effect: deny, when: 'true'}\n"))
	require.NoError(t, err)
	v, ok := p.View("v")
	require.True(t, ok)
	assert.True(t, v.SafeHarbor)
	w, ok := p.View("w")
	require.True(t, ok)
	assert.False(t, w.SafeHarbor)
	sh, ok := disclosure.HIPAA().View("safe-harbor")
	require.True(t, ok)
	assert.True(t, sh.SafeHarbor, "the built-in Safe Harbor view applies the Safe Harbor rules")
}
