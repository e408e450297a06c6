package label_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

// FuzzParseValueSet feeds arbitrary bytes to ParseValueSet: it never
// panics, every error is a *ValueSetError wrapping ErrInvalidValueSet, and
// whatever it accepts New accepts too.
func FuzzParseValueSet(f *testing.F) {
	addFiles(f, "valuesets/*.vs")
	f.Add([]byte(goodSet))
	f.Add([]byte("name: x\n---\n"))
	f.Add([]byte("---\n"))
	f.Add([]byte("name: x\nversion: 1\ncategory: A\nsystem: s\nsource: s\nlicense: l\n---\na..b\n!c*\n"))
	f.Add([]byte("name: x\nversion: 1\ncategory: A\nsystem: s\nsource: s\nlicense: l\ncoverage: partial\n---\na\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := label.ParseValueSet(data)
		if err != nil {
			var ve *label.ValueSetError
			require.ErrorAs(t, err, &ve)
			require.ErrorIs(t, err, label.ErrInvalidValueSet)
			return
		}
		l, err := label.New([]label.ValueSet{v})
		if err != nil {
			// Only folding can make a parsed set invalid: an ICD-10-CM
			// pattern of dots alone, or a range whose bounds fold apart.
			require.ErrorIs(t, err, label.ErrInvalidValueSet)
			return
		}
		if len(v.Exclude) > 0 {
			return // an exclusion may drop an included code
		}
		want := slices.Sorted(slices.Values(v.Categories))
		for _, p := range v.Include {
			if p.Kind == label.Exact {
				assert.Equal(t, want, l.Categories(v.System, p.Code), "an included code matches")
			}
		}
	})
}

// FuzzClassify feeds arbitrary JSON to Classify and LabelInPlace: they
// never panic, fail only with ErrInvalidRecord, and agree on the
// categories; labelling twice adds nothing the second time.
func FuzzClassify(f *testing.F) {
	addFiles(f, "testdata/*.json")
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Bundle","entry":[null]}}]}`))
	f.Add([]byte(`{"resourceType":"Observation","meta":[],"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"20447-9"}]},"extension":{}}]}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"fullUrl":"urn:uuid:m","resource":{"resourceType":"Medication","id":"m","code":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1819"}]}}},{"resource":{"resourceType":"MedicationRequest","medicationReference":{"reference":"Medication/m/_history/1"}}},{"resource":{"resourceType":"MedicationRequest","medicationReference":{"reference":"urn:uuid:m"}}}]}`))
	l := label.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		var rec map[string]any
		if json.Unmarshal(data, &rec) != nil {
			return
		}
		rep, err := l.Classify(rec)
		if err != nil {
			require.ErrorIs(t, err, label.ErrInvalidRecord)
			return
		}
		lab, err := l.LabelInPlace(rec)
		if err != nil {
			require.ErrorIs(t, err, label.ErrInvalidRecord)
			return
		}
		assert.Equal(t, rep.Categories(), lab.Report.Categories())
		again, err := l.LabelInPlace(rec)
		require.NoError(t, err)
		assert.Empty(t, again.Added)
		assert.Equal(t, rep.Categories(), again.Report.Categories())
	})
}

// addFiles adds the files matching pattern to the seed corpus.
func addFiles(f *testing.F, pattern string) {
	f.Helper()
	names, err := filepath.Glob(pattern)
	require.NoError(f, err)
	require.NotEmpty(f, names, pattern)
	for _, n := range names {
		data, err := os.ReadFile(n)
		require.NoError(f, err)
		f.Add(data)
	}
}
