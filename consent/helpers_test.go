package consent_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// readFile returns a file of testdata.
func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", path))
	require.NoError(tb, err)
	return b
}

// parseFile reads a FHIR Consent of testdata.
func parseFile(tb testing.TB, path string) consent.Consent {
	tb.Helper()
	c, err := consent.ParseFHIR(readFile(tb, path))
	require.NoError(tb, err, path)
	return c
}

// fixtures returns the paths, relative to testdata, of the files matching
// pattern.
func fixtures(tb testing.TB, pattern string) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", pattern))
	require.NoError(tb, err)
	require.NotEmpty(tb, paths, pattern)
	for i, p := range paths {
		paths[i], _ = filepath.Rel("testdata", p)
	}
	return paths
}

// golden compares got with a golden file of testdata, or rewrites it with
// -update.
func golden(tb testing.TB, path string, got []byte) {
	tb.Helper()
	full := filepath.Join("testdata", path)
	if *update {
		require.NoError(tb, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(tb, os.WriteFile(full, got, 0o644))
	}
	want, err := os.ReadFile(full)
	require.NoError(tb, err, "run go test ./consent -update to create the golden files")
	require.Equal(tb, string(want), string(got))
}

// day returns midnight UTC of a date.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// authorization returns a complete, valid HIPAA authorization: Northside
// Laboratory may disclose laboratory results to Acme Cardiology for
// treatment during 2025, but not HIV results.
func authorization() consent.Consent {
	return consent.Consent{
		ID:          "auth-1",
		Patient:     "Patient/p1",
		Status:      consent.Active,
		Grantor:     consent.Party{ID: "Patient/p1", Kind: "patient"},
		Signed:      day(2025, 1, 1),
		Period:      consent.Period{Start: day(2025, 1, 1), End: day(2026, 1, 1)},
		Description: "Laboratory results",
		Disclosers:  []consent.Party{{ID: "Organization/northside-lab", Name: "Northside Laboratory", Kind: "provider"}},
		Provision: consent.Provision{
			Effect: consent.Deny,
			Provisions: []consent.Provision{{
				Effect:     consent.Permit,
				Recipients: []string{"Organization/acme"},
				Purposes:   []consent.Purpose{consent.Treatment},
				Provisions: []consent.Provision{{
					Effect:     consent.Deny,
					Categories: []consent.Category{consent.HIV},
				}},
			}},
		},
	}
}
