package codesys

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWellFormed(t *testing.T) {
	tests := []struct {
		system, code string
		want         bool
	}{
		{ICD10CM, "B20", true},
		{ICD10CM, "B20.", true},
		{ICD10CM, "b20", true},
		{ICD10CM, "F11.20", true},
		{ICD10CM, "F1120", true},
		{ICD10CM, "T40.1X1A", true},
		{ICD10CM, "F32.A", true},
		{ICD10CM, "", false},
		{ICD10CM, ".", false},
		{ICD10CM, "B2", false},
		{ICD10CM, "B2.", false},
		{ICD10CM, "B20.12345", false},
		{ICD10CM, "2B0", false},
		{ICD10CM, "BB0", false},
		{ICD10CM, "B2.0", false},
		{ICD10CM, ".B20", false},
		{ICD10CM, "B20..1", false},
		{ICD10CM, "B20 ", false},
		{ICD10CM, "B20-1", false},
		{LOINC, "20447-9", true},
		{LOINC, "2345-7", true},
		{LOINC, "104762-0", true},
		{LOINC, "LA6576-8", true},
		{LOINC, "LP417348-4", true},
		{LOINC, "LG10990-6", true},
		{LOINC, "", false},
		{LOINC, "-9", false},
		{LOINC, "204479", false},
		{LOINC, "20447-8", false},
		{LOINC, "020447-9", false},
		{LOINC, "12345678-4", false},
		{LOINC, "20447-9 ", false},
		{LOINC, "20447-x", false},
		{LOINC, "LA-8", false},
		{LOINC, "LA6576", false},
		{LOINC, "LX6576-8", false},
		{LOINC, "la6576-8", false},
		{RxNorm, "7", true},
		{RxNorm, "1819", true},
		{RxNorm, "1234567890", true},
		{RxNorm, "", false},
		{RxNorm, "0", false},
		{RxNorm, "01819", false},
		{RxNorm, "12345678901", false},
		{RxNorm, "1819a", false},
		{SNOMED, "86406008", true},
		{SNOMED, "900000000000207008", true},
		{SNOMED, "12345", false},
		{SNOMED, "086406008", false},
		{SNOMED, "1234567890123456789", false},
		{"http://example.org/local", "a-b.c", true},
		{"http://example.org/local", "", false},
		{"http://example.org/local", "a b", false},
		{"http://example.org/local", "a\tb", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, WellFormed(tt.system, tt.code), "%s|%q", tt.system, tt.code)
	}
}

func TestWellFormedAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_ = WellFormed(LOINC, "20447-9")
		_ = WellFormed(ICD10CM, "F11.20")
	})
	assert.Zero(t, allocs)
}
