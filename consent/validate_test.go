package consent_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

// validationErrors returns the *ValidationError values joined in err.
func validationErrors(tb testing.TB, err error) []*consent.ValidationError {
	tb.Helper()
	if err == nil {
		return nil
	}
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(tb, ok, "Validate returns an errors.Join: %v", err)
	var out []*consent.ValidationError
	for _, e := range joined.Unwrap() {
		var ve *consent.ValidationError
		require.ErrorAs(tb, e, &ve)
		out = append(out, ve)
	}
	return out
}

func TestValidateComplete(t *testing.T) {
	c := authorization()
	require.NoError(t, c.Validate())

	// At the request of the individual is a purpose (164.508(c)(1)(iv)).
	c.Provision.Provisions[0].Purposes = []consent.Purpose{consent.PatientRequest}
	require.NoError(t, c.Validate())

	// An expiration event stands for a date.
	c.Period.End = time.Time{}
	c.ExpiryEvent = "the end of the research study"
	require.NoError(t, c.Validate())

	// A personal representative with their authority.
	c.Grantor = consent.Party{ID: "RelatedPerson/guardian", Name: "A. Guardian", Kind: "personal-representative"}
	c.Authority = "court-appointed guardian"
	require.NoError(t, c.Validate())
}

func TestValidateCoreElements(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*consent.Consent)
		field   string
		element string
	}{
		{"information", func(c *consent.Consent) { c.Description = "" }, "Description", consent.ElementInformation},
		{"discloser", func(c *consent.Consent) { c.Disclosers = nil }, "Disclosers", consent.ElementDiscloser},
		{"discloser without ID or name", func(c *consent.Consent) { c.Disclosers = []consent.Party{{Kind: "provider"}} }, "Disclosers", consent.ElementDiscloser},
		{"recipient", func(c *consent.Consent) { c.Provision.Provisions[0].Recipients = nil }, "Provision.Recipients", consent.ElementRecipient},
		{"purpose", func(c *consent.Consent) { c.Provision.Provisions[0].Purposes = nil }, "Provision.Purposes", consent.ElementPurpose},
		{"expiration", func(c *consent.Consent) { c.Period.End = time.Time{} }, "Period.End", consent.ElementExpiration},
		{"signer", func(c *consent.Consent) { c.Grantor = consent.Party{} }, "Grantor", consent.ElementSignature},
		{"signature date", func(c *consent.Consent) { c.Signed = time.Time{} }, "Signed", consent.ElementSignature},
		{"representative's authority", func(c *consent.Consent) {
			c.Grantor = consent.Party{ID: "RelatedPerson/parent", Name: "A. Parent"}
		}, "Authority", consent.ElementSignature},
		{"authority of a grantor known by name only", func(c *consent.Consent) { c.Grantor = consent.Party{Name: "A. Parent"} }, "Authority", consent.ElementSignature},
		{"a permit without recipient beside one with", func(c *consent.Consent) {
			c.Provision.Provisions = append(c.Provision.Provisions, consent.Provision{Effect: consent.Permit, Purposes: []consent.Purpose{consent.Treatment}})
		}, "Provision.Recipients", consent.ElementRecipient},
		{"a base permit to anyone", func(c *consent.Consent) { c.Provision.Effect = consent.Permit }, "Provision.Recipients", consent.ElementRecipient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := authorization()
			tt.change(&c)
			errs := validationErrors(t, c.Validate())
			require.NotEmpty(t, errs)
			var found bool
			for _, e := range errs {
				if e.Field == tt.field && e.Element == tt.element {
					found = true
				}
			}
			assert.True(t, found, "want %s (%s) in %v", tt.field, tt.element, errs)
			assert.Contains(t, c.Validate().Error(), tt.element)
		})
	}
}

func TestValidateNamesEveryMissingElement(t *testing.T) {
	c := consent.Consent{
		ID: "empty-auth", Patient: "Patient/p1", Status: consent.Active,
		Grantor:   consent.Party{ID: "RelatedPerson/r", Name: "Jane Roe"},
		Provision: consent.Provision{Effect: consent.Permit},
	}
	err := c.Validate()
	elements := map[string]bool{}
	for _, e := range validationErrors(t, err) {
		elements[e.Element] = true
	}
	for _, want := range []string{
		consent.ElementInformation, consent.ElementDiscloser, consent.ElementRecipient,
		consent.ElementPurpose, consent.ElementExpiration, consent.ElementSignature,
	} {
		assert.True(t, elements[want], "missing %s in %v", want, err)
	}
	assert.NotContains(t, err.Error(), "Jane Roe", "errors carry no patient data")
	assert.NotContains(t, err.Error(), "Patient/p1")
	assert.Contains(t, err.Error(), `consent "empty-auth"`)
}

func TestValidateRestrictionNeedsNoCoreElements(t *testing.T) {
	c := consent.Consent{
		ID: "opt-out", Patient: "Patient/p1", Status: consent.Active,
		Provision: consent.Provision{Effect: consent.Deny, Categories: []consent.Category{consent.HIV}},
	}
	require.NoError(t, c.Validate())
}

func TestValidateStructure(t *testing.T) {
	tests := []struct {
		name   string
		change func(*consent.Consent)
		field  string
	}{
		{"empty ID", func(c *consent.Consent) { c.ID = "" }, "ID"},
		{"empty Patient", func(c *consent.Consent) { c.Patient = "" }, "Patient"},
		{"unknown Status", func(c *consent.Consent) { c.Status = "approved" }, "Status"},
		{"empty Status", func(c *consent.Consent) { c.Status = "" }, "Status"},
		{"period ends before it starts", func(c *consent.Consent) { c.Period.End = day(2024, 1, 1) }, "Period"},
		{"revoked without instant", func(c *consent.Consent) { c.Status = consent.Revoked }, "Revoked"},
		{"revocation instant on an active consent", func(c *consent.Consent) { c.Revoked = day(2025, 6, 1) }, "Revoked"},
		{"revoked before signed", func(c *consent.Consent) { c.Status, c.Revoked = consent.Revoked, day(2024, 6, 1) }, "Revoked"},
		{"unknown effect", func(c *consent.Consent) { c.Provision.Provisions[0].Effect = 9 }, "Provision.Provisions[0].Effect"},
		{"provision period", func(c *consent.Consent) {
			c.Provision.Provisions[0].Provisions[0].Period = consent.Period{Start: day(2025, 2, 1), End: day(2025, 1, 1)}
		}, "Provision.Provisions[0].Provisions[0].Period"},
		{"empty recipient", func(c *consent.Consent) { c.Provision.Provisions[0].Recipients = []string{""} }, "Provision.Provisions[0].Recipients[0]"},
		{"empty purpose", func(c *consent.Consent) { c.Provision.Provisions[0].Purposes = []consent.Purpose{""} }, "Provision.Provisions[0].Purposes[0]"},
		{"empty category", func(c *consent.Consent) { c.Provision.Categories = []consent.Category{""} }, "Provision.Categories[0]"},
		{"actor without role", func(c *consent.Consent) { c.Provision.Actors = []consent.Actor{{Reference: "Organization/x"}} }, "Provision.Actors[0]"},
		{"too deep", func(c *consent.Consent) {
			p := &c.Provision
			for range consent.MaxProvisionDepth {
				p.Provisions = []consent.Provision{{Effect: consent.Deny}}
				p = &p.Provisions[0]
			}
		}, "Provision" + strings.Repeat(".Provisions[0]", consent.MaxProvisionDepth)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := authorization()
			tt.change(&c)
			errs := validationErrors(t, c.Validate())
			fields := make([]string, len(errs))
			for i, e := range errs {
				fields[i] = e.Field
				assert.Empty(t, e.Element, "a structural error names no core element")
			}
			assert.Contains(t, fields, tt.field)
		})
	}
}

func TestValidationErrorAs(t *testing.T) {
	c := authorization()
	c.Disclosers = nil
	err := c.Validate()
	var ve *consent.ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "auth-1", ve.ID)
	assert.Equal(t, "Disclosers", ve.Field)
	assert.Equal(t, `consent "auth-1": Disclosers: the persons or class authorized to make the disclosure are not named (45 CFR 164.508(c)(1)(ii))`, ve.Error())
}

func TestValidateFHIRFixtures(t *testing.T) {
	// The base R4 examples are privacy consents, not HIPAA authorizations:
	// read as one, an example that permits lacks core elements, and
	// Validate says which.
	c := parseFile(t, "fhir/r4/Consent-consent-example-basic.json")
	require.NoError(t, c.Validate(), "a directive needs no core element")
	c.Kind = consent.Authorization
	errs := validationErrors(t, c.Validate())
	require.NotEmpty(t, errs)
	c = parseFile(t, "fhir/custodian/roi-labs-to-acme-cardio.json")
	require.NoError(t, c.Validate())
}
