package disclosuretest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
)

func TestRunFile(t *testing.T) {
	disclosuretest.RunFile(t, disclosure.HIPAA(), "testdata/suite.yaml")
}

// TestRunResolvesFHIRFilesAgainstTheWorkingDirectory runs a suite given
// as bytes; its FHIR consent path is relative to the package directory.
func TestRunResolvesFHIRFilesAgainstTheWorkingDirectory(t *testing.T) {
	data, err := os.ReadFile("testdata/suite.yaml")
	require.NoError(t, err)
	suite := strings.Replace(string(data), "fhir: consent-employer.json", "fhir: testdata/consent-employer.json", 1)
	require.NotEqual(t, string(data), suite)
	disclosuretest.Run(t, disclosure.HIPAA(), []byte(suite))
}

func TestParseFileReadsFHIRConsents(t *testing.T) {
	s, err := disclosuretest.ParseFile("testdata/suite.yaml")
	require.NoError(t, err)
	require.Len(t, s.Consents, 2)
	fhir := s.Consents[0]
	assert.Equal(t, "auth-employer", fhir.ID)
	assert.Equal(t, "Patient/p1", fhir.Patient)
	assert.Equal(t, consent.Active, fhir.Status)
	require.Len(t, s.Cases, 2)
	assert.Equal(t, "employer under the FHIR authorization", s.Cases[0].Name)
	assert.Equal(t, 16, s.Cases[0].Line)
}

// TestCheckReportsEveryFailure runs a suite whose expectations are wrong
// and checks that the error names each failing case, its line and the
// category that differs.
func TestCheckReportsEveryFailure(t *testing.T) {
	const suite = `now: 2026-06-01T12:00:00Z
cases:
  - name: treatment is wrongly expected to be denied
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Practitioner/dr-lee, kind: provider}
      purpose: TREAT
      categories: [LAB]
    expect:
      LAB: deny
  - name: the press is denied, as expected
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Organization/daily-news, kind: public}
      purpose: TREAT
      categories: [LAB]
    expect:
      LAB: {effect: deny, rule: deny-public}
  - name: the wrong rule is expected
    request:
      patient: Patient/p1
      requester: {id: Practitioner/clerk, kind: workforce}
      recipient: {id: Organization/state-doh, kind: public-health-authority}
      purpose: PUBHLTH
      categories: [HIV]
    expect:
      HIV: {effect: permit, rule: treatment}
`
	s, err := disclosuretest.Parse([]byte(suite), ".")
	require.NoError(t, err)
	err = s.Check(context.Background(), disclosure.HIPAA())
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "treatment is wrongly expected to be denied")
	assert.Contains(t, msg, "line 3")
	assert.Contains(t, msg, "LAB")
	assert.Contains(t, msg, "the wrong rule is expected")
	assert.Contains(t, msg, "line 21")
	assert.Contains(t, msg, "public-health")
	assert.NotContains(t, msg, "the press is denied")
	var joined interface{ Unwrap() []error }
	require.True(t, errors.As(err, &joined))
	assert.Len(t, joined.Unwrap(), 2, "one error per failing case")
}

func TestParseErrors(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stu3.json"), []byte(`{"resourceType":"Consent","status":"active","except":[]}`), 0o600))
	tests := []struct {
		name, suite, want string
	}{
		{"unknown field", "cases:\n  - name: x\n    requets: {}\n", "requets"},
		{"bad effect", "now: 2026-06-01T12:00:00Z\ncases:\n  - name: x\n    request: {patient: p, recipient: {id: r, kind: provider}, purpose: TREAT, categories: [LAB]}\n    expect: {LAB: allow}\n", "allow"},
		{"consent without id", "consents:\n  - {patient: Patient/p1}\ncases: []\n", "id"},
		{"missing FHIR file", "consents:\n  - fhir: nowhere.json\ncases: []\n", "nowhere.json"},
		{"refused FHIR consent", "consents:\n  - fhir: stu3.json\ncases: []\n", "stu3.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := disclosuretest.Parse([]byte(tt.suite), dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
