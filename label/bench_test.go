package label_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

// BenchmarkClassify classifies, with the shipped sets, the lipids Bundle
// (five resources, 14 codings, nothing sensitive: the cost a Release pays
// to learn a record's categories) and a Bundle with findings in four
// resources (paths rendered).
func BenchmarkClassify(b *testing.B) {
	for _, name := range []string{"Bundle-lipids.json", "Bundle-mixed.json"} {
		b.Run(name, func(b *testing.B) {
			rec := load(b, name)
			l := label.Default()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.Classify(rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLabel labels a copy of the mixed Bundle.
func BenchmarkLabel(b *testing.B) {
	rec := load(b, "Bundle-mixed.json")
	l := label.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := l.Label(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCategories looks one code up.
func BenchmarkCategories(b *testing.B) {
	l := label.Default()
	b.ReportAllocs()
	for b.Loop() {
		_ = l.Categories("urn:oid:2.16.840.1.113883.6.90", "F11.20")
	}
}

// allocsLipids is what classifying the lipids Bundle allocates: the
// classifier and its scratch slices, the results and the path of each of
// the five resources.
const allocsLipids = 8

// TestClassifyAllocs pins the allocations of classifying the lipids
// Bundle: one result per resource and the scratch buffers, nothing per
// coding.
func TestClassifyAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under -race")
	}
	rec := load(t, "Bundle-lipids.json")
	l := label.Default()
	_, err := l.Classify(rec)
	require.NoError(t, err)
	n := testing.AllocsPerRun(100, func() {
		_, _ = l.Classify(rec)
	})
	assert.LessOrEqual(t, n, float64(allocsLipids), "allocations per Classify of the lipids Bundle")
}
