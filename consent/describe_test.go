package consent_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/custodianhq/custodian/consent"
)

func TestDescribe(t *testing.T) {
	revoked := authorization()
	revoked.Status, revoked.Revoked = consent.Revoked, day(2025, 6, 1)
	representative := parseFile(t, "fhir/custodian/representative-with-extensions.json")
	tests := []struct {
		name string
		c    consent.Consent
	}{
		{"authorization", authorization()},
		{"revoked", revoked},
		{"roi-labs-to-acme-cardio", parseFile(t, "fhir/custodian/roi-labs-to-acme-cardio.json")},
		{"representative", representative},
		{"restriction-pkb", parseFile(t, "fhir/r4/Consent-consent-example-pkb.json")},
		{"signature", parseFile(t, "fhir/r4/Consent-consent-example-signature.json")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.Describe()
			golden(t, "golden/describe/"+tt.name+".txt", []byte(got))
			assert.Equal(t, got, tt.c.Describe(), "deterministic")
			noun := map[consent.Kind]string{consent.Authorization: "authorization", consent.Restriction: "restriction", consent.Directive: "privacy directive"}[tt.c.Classify()]
			assert.Contains(t, got, "not shared unless this "+noun+" names it", "the text calls the consent by its kind")
			if tt.c.Classify() == consent.Authorization {
				assert.Contains(t, got, "revoke this authorization at any time by writing")
				assert.Contains(t, got, "does not undo disclosures")
			} else {
				assert.Contains(t, got, "withdraw or change this "+noun)
				assert.NotContains(t, got, "Authorization", "a restriction or directive is not called an authorization")
			}
		})
	}
}

func TestDescribeNamesProtectedCategories(t *testing.T) {
	c := authorization()
	c.Provision.Provisions[0].Categories = []consent.Category{consent.Laboratory, consent.Genetic}
	got := c.Describe()
	assert.Contains(t, got, "This authorization names: genetic information.")
	assert.Contains(t, got, "What will be shared: Laboratory results.")
}

func TestPurposeAndCategoryNames(t *testing.T) {
	assert.Equal(t, "treatment", consent.Treatment.Name())
	assert.Equal(t, "your own request", consent.PatientRequest.Name())
	assert.Equal(t, "LOCAL", consent.Purpose("LOCAL").Name())
	assert.Equal(t, "HIV/AIDS information", consent.HIV.Name())
	assert.Equal(t, "LOCAL", consent.Category("LOCAL").Name())
}

func TestDescribeProtectedUsesTheSetGiven(t *testing.T) {
	c := authorization()
	c.Provision.Provisions[0].Categories = []consent.Category{consent.Laboratory, consent.Genetic}
	set := append(consent.DefaultProtected(), consent.Celebrity)
	got := c.DescribeProtected(set)
	assert.Contains(t, got, "information flagged as a public figure's", "the host's set is stated")
	assert.Contains(t, got, "This authorization names: genetic information.")
	assert.Equal(t, c.Describe(), c.DescribeProtected(nil), "nil is the default set")
	only := c.DescribeProtected([]consent.Category{consent.Laboratory})
	assert.Contains(t, only, "Specially protected information (laboratory results)")
	assert.Contains(t, only, "This authorization names: laboratory results.")
}
