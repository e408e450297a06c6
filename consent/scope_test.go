package consent_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

var (
	observation = consent.Coding{System: "http://hl7.org/fhir/resource-types", Code: "Observation"}
	report      = consent.Coding{System: "http://hl7.org/fhir/resource-types", Code: "DiagnosticReport"}
	hba1c       = consent.Coding{System: "http://loinc.org", Code: "4548-4"}
)

func TestScopeOfPermit(t *testing.T) {
	c := parseFile(t, "fhir/custodian/roi-labs-to-acme-cardio.json")
	q := consent.Query{Recipient: "Organization/acme-cardiology", Purpose: consent.Treatment, Category: consent.Laboratory, At: day(2025, 6, 1)}
	s := c.ScopeOf(q)
	require.NotNil(t, s)
	assert.Equal(t, "roi-labs-to-acme-cardio", s.ConsentID)
	require.Len(t, s.Include, 1)
	assert.ElementsMatch(t, []consent.Coding{observation, report}, s.Include[0].Classes)
	assert.Empty(t, s.Exclude)

	auth := authorization()
	assert.Nil(t, auth.ScopeOf(lab()), "a permit of the whole category has no scope")
}

func TestScopedDenyWithholdsOnlyItsData(t *testing.T) {
	c := authorization()
	c.Provision.Provisions[0].Provisions = append(c.Provision.Provisions[0].Provisions,
		consent.Provision{Effect: consent.Deny, Codes: []consent.Coding{hba1c}})
	r := c.Evaluate(lab())
	assert.True(t, r.Permits(), "a deny limited to a code does not deny the category")
	assert.True(t, r.Excludes)
	s := c.ScopeOf(lab())
	require.NotNil(t, s)
	assert.Empty(t, s.Include)
	require.Len(t, s.Exclude, 1)
	assert.Equal(t, []consent.Coding{hba1c}, s.Exclude[0].Codes)

	restriction := consent.Consent{ID: "no-hba1c", Patient: "Patient/p1", Status: consent.Active,
		Provision: consent.Provision{Effect: consent.Deny, Codes: []consent.Coding{hba1c}}}
	r = restriction.Evaluate(lab())
	assert.False(t, r.Applies, "a restriction of certain data leaves the category to others")
	assert.True(t, r.Excludes)
	a := consent.Assess([]consent.Consent{restriction, authorization()}, lab())
	assert.Equal(t, []string{"no-hba1c"}, a.Excluding)
	assert.Equal(t, "auth-1", a.Grant.ConsentID)
	s = restriction.ScopeOf(lab())
	require.NotNil(t, s)
	assert.Equal(t, []consent.Coding{hba1c}, s.Exclude[0].Codes)
}

func TestScopeOfNotThis(t *testing.T) {
	c := parseFile(t, "fhir/r4/Consent-consent-example-notThis.json")
	q := query("Organization/life-insurer", consent.Treatment, consent.Laboratory)
	r := c.Evaluate(q)
	require.True(t, r.Permits())
	assert.True(t, r.Narrowed)
	s := c.ScopeOf(q)
	require.NotNil(t, s)
	require.Len(t, s.Include, 1)
	assert.Equal(t, []consent.DataRef{{Meaning: "related", Reference: "Task/example3"}}, s.Include[0].Data)
}

func TestCustodianIsNoDataLimit(t *testing.T) {
	c := parseFile(t, "fhir/r4/Consent-consent-example-notAuthor.json")
	r := c.Evaluate(query("Organization/x", consent.Treatment, consent.Laboratory))
	require.True(t, r.Permits())
	assert.False(t, r.Narrowed, "a custodian actor names who discloses, not which data")
}
