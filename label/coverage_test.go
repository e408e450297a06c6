package label_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/internal/codesys"
	"github.com/custodianhq/custodian/label"
)

func TestParseValueSetCoverage(t *testing.T) {
	tests := []struct {
		name string
		line string // the coverage header line, "" for none
		want label.Coverage
	}{
		{"default", "", label.CoverageComplete},
		{"complete", "coverage: complete\n", label.CoverageComplete},
		{"partial", "coverage: partial\n", label.CoveragePartial},
		{"spaces", "coverage:   partial  \n", label.CoveragePartial},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(goodSet, "---\n", tt.line+"---\n", 1)
			v, err := label.ParseValueSet([]byte(data))
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Coverage)
		})
	}
}

func TestCoverageText(t *testing.T) {
	for _, c := range []label.Coverage{label.CoverageComplete, label.CoveragePartial} {
		text, err := c.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, c.String(), string(text))
		var back label.Coverage
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, c, back)

		// What a file writes, ParseValueSet reads back.
		data := strings.Replace(goodSet, "---\n", "coverage: "+string(text)+"\n---\n", 1)
		v, err := label.ParseValueSet([]byte(data))
		require.NoError(t, err)
		assert.Equal(t, c, v.Coverage)
	}
	assert.Equal(t, "complete", label.CoverageComplete.String())
	assert.Equal(t, "partial", label.CoveragePartial.String())
	assert.Equal(t, "Coverage(7)", label.Coverage(7).String())
	_, err := label.Coverage(7).MarshalText()
	assert.ErrorIs(t, err, label.ErrInvalidValueSet)
	var c label.Coverage
	assert.ErrorIs(t, c.UnmarshalText([]byte("most")), label.ErrInvalidValueSet)
}

func TestNewRejectsUnknownCoverage(t *testing.T) {
	v := label.ValueSet{
		Name: "x", Version: "1", Categories: []string{"HIV"}, System: "http://loinc.org",
		Source: "s", License: "l", Include: []label.Pattern{{Code: "1-1"}}, Coverage: 2,
	}
	_, err := label.New([]label.ValueSet{v})
	require.Error(t, err)
	assert.ErrorIs(t, err, label.ErrInvalidValueSet)
	var ve *label.ValueSetError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "coverage", ve.Field)
}

// medicationRequest is a MedicationRequest coded with one RxNorm code.
func medicationRequest(t testing.TB, rxcui string) map[string]any {
	t.Helper()
	return decode(t, `{"resourceType":"MedicationRequest","id":"m","status":"active","intent":"order",
		"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"`+rxcui+`"}]},
		"subject":{"reference":"Patient/p"}}`)
}

// formulary is a host's complete list of RxNorm clinical and branded drugs
// for opioid use disorder.
var formulary = label.ValueSet{
	Name: "formulary-oud-rxnorm", Version: "1", Categories: []string{"ETH", "OPIOIDUD"},
	System: codesys.RxNorm, Source: "host formulary", License: "host",
	Include: []label.Pattern{{Code: "351264"}, {Code: "1010600"}},
}

func TestClassifyPartialCoverage(t *testing.T) {
	withFormulary, err := label.New(append(label.Shipped(), formulary))
	require.NoError(t, err)
	tests := []struct {
		name       string
		l          *label.Labeler
		rxcui      string
		status     label.Status
		categories []string
		reason     string // of the one unchecked code, "" for none
	}{
		// The shipped RxNorm sets list ingredients only: a clinical or
		// branded drug they do not list is not known to be harmless.
		{"shipped, ingredient listed", label.Default(), "1819", label.Sensitive, []string{"ETH", "OPIOIDUD"}, ""},
		{"shipped, clinical drug", label.Default(), "351264", label.Incomplete, nil, "not in a partial value set"},
		{"shipped, branded drug", label.Default(), "1010600", label.Incomplete, nil, "not in a partial value set"},
		{"shipped, unrelated drug", label.Default(), "197361", label.Incomplete, nil, "not in a partial value set"},
		// A host's complete list makes RxNorm a checked system.
		{"complete list, listed", withFormulary, "351264", label.Sensitive, []string{"ETH", "OPIOIDUD"}, ""},
		{"complete list, shipped ingredient", withFormulary, "1819", label.Sensitive, []string{"ETH", "OPIOIDUD"}, ""},
		{"complete list, unlisted", withFormulary, "197361", label.Normal, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := tt.l.Classify(medicationRequest(t, tt.rxcui))
			require.NoError(t, err)
			require.Len(t, rep.Resources, 1)
			r := rep.Resources[0]
			assert.Equal(t, tt.status, r.Status())
			assert.Equal(t, tt.categories, r.Categories())
			if tt.reason == "" {
				assert.Empty(t, r.Unchecked)
				assert.Equal(t, 1, r.Checked)
				return
			}
			assert.Zero(t, r.Checked)
			require.Len(t, r.Unchecked, 1)
			assert.Equal(t, label.Unchecked{
				Path:   "medicationCodeableConcept.coding[0]",
				System: "http://www.nlm.nih.gov/research/umls/rxnorm",
				Reason: tt.reason,
			}, r.Unchecked[0])
		})
	}
}

// TestClassifyPartialOnlyWhenEverySetIs checks that one complete set of a
// system makes its codes checked even beside partial ones, and that a
// partial set of one system leaves other systems alone.
func TestClassifyPartialOnlyWhenEverySetIs(t *testing.T) {
	partial := label.ValueSet{
		Name: "p", Version: "1", Categories: []string{"HIV"}, System: "http://acme.com/codes",
		Source: "s", License: "l", Include: []label.Pattern{{Code: "A1"}}, Coverage: label.CoveragePartial,
	}
	complete := label.ValueSet{
		Name: "c", Version: "1", Categories: []string{"PSY"}, System: "urn:oid:2.16.840.1.113883.6.1",
		Source: "s", License: "l", Include: []label.Pattern{{Code: "1-1"}},
	}
	alsoComplete := partial
	alsoComplete.Name, alsoComplete.Coverage, alsoComplete.Include = "q", label.CoverageComplete, []label.Pattern{{Code: "B1"}}
	rec := decode(t, `{"resourceType":"Observation","code":{"coding":[{"system":"http://acme.com/codes","code":"Z9"}]},
		"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]}}`)

	l, err := label.New([]label.ValueSet{partial, complete})
	require.NoError(t, err)
	rep, err := l.Classify(rec)
	require.NoError(t, err)
	assert.Equal(t, label.Incomplete, rep.Status())
	assert.Equal(t, 1, rep.Resources[0].Checked, "the LOINC code is checked: its set is complete")

	l, err = label.New([]label.ValueSet{partial, alsoComplete, complete})
	require.NoError(t, err)
	rep, err = l.Classify(rec)
	require.NoError(t, err)
	assert.Equal(t, label.Normal, rep.Status(), "a complete set of the system checks its codes")
}
