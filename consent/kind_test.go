package consent_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

// The kind of each R4 example, as the table in the package documentation
// states it.
var r4Kinds = map[string]consent.Kind{
	"Emergency":   consent.Restriction,
	"Out":         consent.Restriction,
	"basic":       consent.Directive,
	"grantor":     consent.Restriction,
	"notAuthor":   consent.Directive,
	"notOrg":      consent.Restriction,
	"notThem":     consent.Directive,
	"notThis":     consent.Directive,
	"notTime":     consent.Directive,
	"pkb":         consent.Restriction,
	"signature":   consent.Directive,
	"smartonfhir": consent.Directive,
}

func TestKindOfR4Examples(t *testing.T) {
	paths := fixtures(t, "fhir/r4/*.json")
	require.Len(t, paths, len(r4Kinds))
	for _, path := range paths {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "Consent-consent-example-"), ".json")
		t.Run(name, func(t *testing.T) {
			c := parseFile(t, path)
			want, ok := r4Kinds[name]
			require.True(t, ok, "an example without a kind in the table")
			assert.Equal(t, want, c.Kind)
			assert.Equal(t, want, c.Classify())
			rep := consent.Check(&c)
			assert.NoError(t, rep.Err, "a privacy consent needs no element of an authorization")
			assert.False(t, rep.Authorizes(), "no R4 example is a HIPAA authorization")
		})
	}
}

func TestKindOfCustodianAuthorization(t *testing.T) {
	c := parseFile(t, "fhir/custodian/roi-labs-to-acme-cardio.json")
	assert.Equal(t, consent.Authorization, c.Kind)
	assert.True(t, consent.Check(&c).Authorizes())
}

func TestClassifyUnstated(t *testing.T) {
	c := authorization()
	assert.Equal(t, consent.Authorization, c.Classify(), "a consent that permits is an authorization")
	c.Provision = consent.Provision{Effect: consent.Deny, Recipients: []string{"Organization/acme"}}
	assert.Equal(t, consent.Restriction, c.Classify(), "a consent that only denies is a restriction")
	c.Kind = consent.Directive
	assert.Equal(t, consent.Directive, c.Classify(), "a stated kind is kept")
	assert.Equal(t, "directive", c.Kind.String())
	assert.Equal(t, "unstated", consent.Unstated.String())
}

func TestMarshalFHIRStatesKind(t *testing.T) {
	for _, k := range []consent.Kind{consent.Authorization, consent.Restriction, consent.Directive} {
		t.Run(k.String(), func(t *testing.T) {
			c := authorization()
			c.Kind = k
			out, err := c.MarshalFHIR()
			require.NoError(t, err)
			back, err := consent.ParseFHIR(out)
			require.NoError(t, err)
			assert.Equal(t, k, back.Kind)
		})
	}
}

func TestCheckReport(t *testing.T) {
	c := authorization()
	c.Signed = day(1, 1, 1)
	c.Period.End = day(1, 1, 1)
	rep := consent.Check(&c)
	assert.Equal(t, consent.Authorization, rep.Kind)
	require.Error(t, rep.Err)
	assert.False(t, rep.Authorizes())
	assert.Contains(t, rep.String(), `consent "auth-1": authorization, not valid`)
	assert.Contains(t, rep.String(), "Signed")
	good := authorization()
	assert.Equal(t, `consent "auth-1": authorization, valid`, consent.Check(&good).String())
}

func TestOneVocabulary(t *testing.T) {
	// Every code the package names has words, the same the audit package
	// uses (both read internal/vocab).
	for _, c := range []consent.Category{
		consent.Laboratory, consent.Demographics, consent.Medications, consent.Imaging, consent.Notes,
		consent.SubstanceUse, consent.SubstanceUseDisorder, consent.AlcoholUseDisorder, consent.OpioidUseDisorder,
		consent.HIV, consent.Genetic, consent.PsychotherapyNotes, consent.Psychiatric, consent.MentalHealth,
		consent.BehavioralHealth, consent.SexualViolence, consent.SexualHealth, consent.SexuallyTransmitted,
		consent.Pregnancy, consent.SickleCell, consent.MilitarySexual, consent.Violence, consent.Adolescent,
		consent.Celebrity, consent.Employee, consent.Part2,
	} {
		assert.NotEqual(t, string(c), c.Name(), "%s has words", c)
	}
	for _, p := range []consent.Purpose{
		consent.Treatment, consent.EmergencyTreatment, consent.BreakTheGlass, consent.ContinuityOfCare,
		consent.ClinicalTrial, consent.PopulationHealth, consent.Payment, consent.Coverage, consent.ClaimAttachment,
		consent.Eligibility, consent.Operations, consent.Legal, consent.QualityImprovement, consent.Fraud,
		consent.Research, consent.ClinicalResearch, consent.PatientRequest, consent.FamilyRequest,
		consent.PowerOfAttorney, consent.SupportNetwork, consent.PublicHealth, consent.Disaster, consent.Threat,
		consent.Marketing, consent.Government,
	} {
		assert.NotEqual(t, string(p), p.Name(), "%s has words", p)
	}
}
