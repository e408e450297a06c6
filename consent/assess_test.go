package consent_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

func TestParseFHIRNamesVersion(t *testing.T) {
	r5 := r4("", `"period":{"start":"2020-01-01"}`, `"decision":"permit"`)
	_, err := consent.ParseFHIR(r5)
	require.ErrorIs(t, err, consent.ErrUnsupportedVersion)
	assert.Contains(t, err.Error(), "R5")
	assert.NotContains(t, err.Error(), "STU3", "an R5 document is not called STU3")
	_, err = consent.ParseFHIR(readFile(t, "fhir/stu3/Consent-consent-example-basic.json"))
	require.ErrorIs(t, err, consent.ErrUnsupportedVersion)
	assert.Contains(t, err.Error(), "STU3")
}

func TestResearchDomain(t *testing.T) {
	doc := bytes.Replace(r4(`{"type":"permit"}`), []byte(`"patient-privacy"`), []byte(`"research"`), 1)
	c, err := consent.ParseFHIR(doc)
	require.NoError(t, err)
	assert.Equal(t, consent.ResearchDomain, c.Domain)
	q := consent.Query{Recipient: "Organization/acme", Purpose: consent.Treatment, Category: consent.Laboratory, At: day(2025, 6, 1)}
	assert.False(t, c.Evaluate(q).Applies, "a research consent does not decide a treatment disclosure")
	q.Purpose = consent.ClinicalResearch
	assert.True(t, c.Evaluate(q).Permits(), "it decides research, within HRESCH")

	out, err := c.MarshalFHIR()
	require.NoError(t, err)
	back, err := consent.ParseFHIR(out)
	require.NoError(t, err)
	assert.Equal(t, c, back)

	m := authorization()
	m.Domain = consent.ResearchDomain
	out, err = m.MarshalFHIR()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"code": "research"`)
}

// query asks about a disclosure at a date the R4 examples are in force.
func query(recipient string, purpose consent.Purpose, category consent.Category) consent.Query {
	return consent.Query{Recipient: recipient, Purpose: purpose, Category: category, At: day(2017, 1, 15)}
}

func TestAssessKindsApart(t *testing.T) {
	notThis := parseFile(t, "fhir/r4/Consent-consent-example-notThis.json")
	notOrg := parseFile(t, "fhir/r4/Consent-consent-example-notOrg.json")
	out := parseFile(t, "fhir/r4/Consent-consent-example-Out.json")
	auth := authorization()
	auth.Signed, auth.Period = day(2016, 1, 1), consent.Period{Start: day(2016, 1, 1), End: day(2018, 1, 1)}
	base := consent.Consent{ID: "base-deny-only", Patient: "Patient/p1", Status: consent.Active, Kind: consent.Authorization,
		Grantor: auth.Grantor, Signed: auth.Signed, Period: auth.Period, Disclosers: auth.Disclosers, Description: "x",
		Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{Effect: consent.Permit, Recipients: []string{"Organization/other"}, Purposes: []consent.Purpose{consent.Payment}}}}}

	tests := []struct {
		name                       string
		cs                         []consent.Consent
		q                          consent.Query
		grant, restrict, directive string
	}{
		{"a directive is no authorization", []consent.Consent{notThis}, query("Organization/life-insurer", consent.Treatment, consent.Laboratory), "", "", "consent-example-notThis"},
		{"a directive opts in; it does not grant marketing", []consent.Consent{notThis}, query("Organization/broker", consent.Marketing, consent.Laboratory), "", "", "consent-example-notThis"},
		{"an authorization's base deny is not a restriction", []consent.Consent{base}, query("Organization/acme", consent.Treatment, consent.Laboratory), "", "", ""},
		{"an authorization grants", []consent.Consent{base, auth}, query("Organization/acme", consent.Treatment, consent.Laboratory), "auth-1", "", ""},
		{"an opt-out restricts", []consent.Consent{auth, out}, query("Organization/acme", consent.Treatment, consent.Laboratory), "auth-1", "consent-example-Out", ""},
		{"denying access to an organization restricts disclosure to it", []consent.Consent{notOrg}, query("Organization/f001", consent.Treatment, consent.Laboratory), "", "consent-example-notOrg", ""},
		{"and says nothing of others", []consent.Consent{notOrg}, query("Organization/f002", consent.Treatment, consent.Laboratory), "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := consent.Assess(tt.cs, tt.q)
			assert.Equal(t, tt.grant, a.Grant.ConsentID, "grant")
			assert.Equal(t, tt.grant != "", a.Grant.Permits())
			assert.Equal(t, tt.restrict, a.Restriction.ConsentID, "restriction")
			assert.Equal(t, tt.restrict != "", a.Restriction.Denies())
			assert.Equal(t, tt.directive, a.Directive.ConsentID, "directive")
			assert.Equal(t, tt.directive != "", a.Directive.Permits())
		})
	}
}

func TestAssessOptOutExamples(t *testing.T) {
	// The R4 OPTOUT examples restrict what they cover and nothing else.
	pkb := parseFile(t, "fhir/r4/Consent-consent-example-pkb.json")
	a := consent.Assess([]consent.Consent{pkb}, query("Organization/other", consent.Treatment, "N"))
	assert.Equal(t, consent.Assessment{}, a, "the opt-out is about f001 only")
	a = consent.Assess([]consent.Consent{pkb}, query("Organization/f001", consent.Treatment, "N"))
	assert.False(t, a.Restriction.Applies, "its exceptions opt f001 in to normal data")
	assert.Equal(t, "consent-example-pkb", a.Directive.ConsentID)

	em := parseFile(t, "fhir/r4/Consent-consent-example-Emergency.json")
	a = consent.Assess([]consent.Consent{em}, query("Organization/x", consent.EmergencyTreatment, consent.Laboratory))
	assert.Equal(t, "consent-example-Emergency", a.Restriction.ConsentID)
	a = consent.Assess([]consent.Consent{em}, query("Organization/x", consent.Payment, consent.Laboratory))
	assert.False(t, a.Restriction.Applies, "it is about emergency treatment only")
}

func TestAssessInvalidAuthorization(t *testing.T) {
	bad := authorization()
	bad.Signed = day(1, 1, 1)
	bad.Period.End = day(1, 1, 1)
	a := consent.Assess([]consent.Consent{bad}, lab())
	assert.False(t, a.Grant.Applies, "an authorization that fails Validate authorizes nothing")
	assert.Equal(t, []string{"auth-1"}, a.Invalid)

	good := authorization()
	good.ID = "auth-2"
	a = consent.Assess([]consent.Consent{bad, good}, lab())
	assert.Equal(t, "auth-2", a.Grant.ConsentID)
	assert.Equal(t, []string{"auth-1"}, a.Invalid)
}

func TestAssessPrefersWholeGrant(t *testing.T) {
	scoped := authorization()
	scoped.ID = "scoped"
	scoped.Provision.Provisions[0].Classes = []consent.Coding{{System: "http://hl7.org/fhir/resource-types", Code: "Observation"}}
	whole := authorization()
	whole.ID = "whole"
	a := consent.Assess([]consent.Consent{scoped, whole}, lab())
	assert.Equal(t, "whole", a.Grant.ConsentID)
	assert.False(t, a.Grant.Narrowed)
	a = consent.Assess([]consent.Consent{scoped}, lab())
	assert.Equal(t, "scoped", a.Grant.ConsentID)
	assert.True(t, a.Grant.Narrowed)
}

func TestAssessDoesNotAllocate(t *testing.T) {
	cs := []consent.Consent{nested(), authorization()}
	q := lab()
	if !consent.Assess(cs, q).Grant.Permits() {
		t.Fatal("want a grant")
	}
	if n := testing.AllocsPerRun(100, func() { consent.Assess(cs, q) }); n != 0 {
		t.Errorf("Assess: %v allocations, want 0", n)
	}
}
