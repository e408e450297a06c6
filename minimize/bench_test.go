package minimize_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// view20 is a 20-path view of a lab Bundle.
var view20 = minimize.Spec{Keep: []string{
	"resourceType",
	"type",
	"entry[].fullUrl",
	"entry[].resource.resourceType",
	"entry[].resource.id",
	"entry[].resource.status",
	"entry[].resource.code.coding[].code",
	"entry[].resource.code.coding[].system",
	"entry[].resource.code.text",
	"entry[].resource.category",
	"entry[].resource.subject.reference",
	"entry[].resource.effectiveDateTime",
	"entry[].resource.issued",
	"entry[].resource.valueQuantity.value",
	"entry[].resource.valueQuantity.unit",
	"entry[].resource.referenceRange[].high.value",
	"entry[].resource.referenceRange[].low.value",
	"entry[].resource.result[].reference",
	"entry[].resource.performer[].display",
	"entry[].resource.identifier[].value",
}}

// records are the benchmarks' inputs: the 10 KB lipid panel and the
// 111 KB general health panel.
var records = []string{"Bundle-lipids.json", "Bundle-ghp.json"}

func benchApply(b *testing.B, v *minimize.View, withheld ...string) {
	for _, name := range records {
		b.Run(name, func(b *testing.B) {
			rec := load(b, name)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := v.Apply(rec, withheld...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkApply(b *testing.B)      { benchApply(b, compile(b, view20)) }
func BenchmarkApplyFull(b *testing.B)  { benchApply(b, minimize.Full()) }
func BenchmarkSafeHarbor(b *testing.B) { benchApply(b, safeHarbor(b)) }

// BenchmarkCopy is the baseline: a plain recursive copy of the whole
// record, what a host would do to release it unchanged.
func BenchmarkCopy(b *testing.B) {
	for _, name := range records {
		b.Run(name, func(b *testing.B) {
			rec := load(b, name)
			b.ReportAllocs()
			for b.Loop() {
				copyValue(rec)
			}
		})
	}
}

// copyValue copies a JSON-like value recursively.
func copyValue(x any) any {
	switch t := x.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, v := range t {
			m[k] = copyValue(v)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, v := range t {
			a[i] = copyValue(v)
		}
		return a
	}
	return x
}

// BenchmarkApplyWithheld measures the label checks: one category withheld
// that no element carries.
func BenchmarkApplyWithheld(b *testing.B) { benchApply(b, compile(b, view20), "HIV") }

// jsonCopy is the deep copy a host would otherwise make.
func jsonCopy(tb testing.TB, rec map[string]any) map[string]any {
	data, err := json.Marshal(rec)
	if err != nil {
		tb.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

func BenchmarkDeepCopyJSON(b *testing.B) {
	rec := load(b, "Bundle-lipids.json")
	b.ReportAllocs()
	for b.Loop() {
		jsonCopy(b, rec)
	}
}

// TestApplyAllocations pins that a 20-path view and Safe Harbor allocate
// less than a plain recursive copy of the same record (and far less than a
// JSON deep copy), and that the view released what it names.
func TestApplyAllocations(t *testing.T) {
	rec := load(t, "Bundle-lipids.json")
	v := compile(t, view20)
	out, rep, err := v.Apply(rec)
	require.NoError(t, err)
	require.Len(t, out["entry"], 5)
	assert.Len(t, rep.Released, 21)
	sh := safeHarbor(t)
	apply := testing.AllocsPerRun(20, func() { _, _, _ = v.Apply(rec) })
	safe := testing.AllocsPerRun(20, func() { _, _, _ = sh.Apply(rec) })
	plain := testing.AllocsPerRun(20, func() { copyValue(rec) })
	viaJSON := testing.AllocsPerRun(20, func() { jsonCopy(t, rec) })
	t.Logf("allocations: Apply(20 paths) %.0f, SafeHarbor %.0f, recursive copy %.0f, JSON deep copy %.0f", apply, safe, plain, viaJSON)
	assert.Less(t, apply, plain)
	assert.Less(t, safe, plain)
	assert.Less(t, apply, viaJSON/5)
}

// The allocations of Apply on the lipid panel once its view has met such a
// record: what it releases (maps, arrays) and a few for the walk and the
// report, and none for a report pattern the view already knows.
const (
	maxView20Allocs     = 129
	maxSafeHarborAllocs = 92
)

// TestApplyAllocationBudget pins the allocations of a 20-path view and of
// Safe Harbor on the lipid panel, so that they cannot grow unnoticed.
func TestApplyAllocationBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	rec := load(t, "Bundle-lipids.json")
	for name, tt := range map[string]struct {
		v   *minimize.View
		max float64
	}{
		"view20":     {compile(t, view20), maxView20Allocs},
		"safeharbor": {safeHarbor(t), maxSafeHarborAllocs},
	} {
		allocs := testing.AllocsPerRun(20, func() {
			if _, _, err := tt.v.Apply(rec); err != nil {
				t.Fatal(err)
			}
		})
		assert.LessOrEqual(t, allocs, tt.max, name)
	}
}

// BenchmarkAgainstCopy times a view and the plain recursive copy in turn on
// the same record and reports the ratio of their fastest runs
// (apply/copy): on a shared, loaded machine the fastest run of each is the
// one least disturbed, and running them in turn exposes both to the same
// load.
func BenchmarkAgainstCopy(b *testing.B) {
	views := map[string]*minimize.View{"view20": compile(b, view20), "safeharbor": safeHarbor(b)}
	for _, name := range records {
		for vn, v := range views {
			b.Run(vn+"/"+name, func(b *testing.B) {
				rec := load(b, name)
				best := [2]time.Duration{1 << 62, 1 << 62}
				for b.Loop() {
					start := time.Now()
					if _, _, err := v.Apply(rec); err != nil {
						b.Fatal(err)
					}
					mid := time.Now()
					copyValue(rec)
					end := time.Now()
					best[0] = min(best[0], mid.Sub(start))
					best[1] = min(best[1], end.Sub(mid))
				}
				b.ReportMetric(float64(best[0].Nanoseconds()), "apply-ns")
				b.ReportMetric(float64(best[1].Nanoseconds()), "copy-ns")
				b.ReportMetric(float64(best[0])/float64(best[1]), "apply/copy")
			})
		}
	}
}

// BenchmarkPruneBundle walks the general health panel for references to an
// entry taken out of it: the first run removes them, every later run looks
// at every Reference of the Bundle and finds none, the cost Apply pays when
// a withheld label removes an entry.
func BenchmarkPruneBundle(b *testing.B) {
	rec, _, err := minimize.Full().Apply(load(b, "Bundle-ghp.json"))
	require.NoError(b, err)
	entries := rec["entry"].([]any)
	refs := minimize.EntryReferences(entries[1].(map[string]any))
	require.NotEmpty(b, refs)
	rec["entry"] = append(entries[:1:1], entries[2:]...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := minimize.PruneBundle(rec, refs); err != nil {
			b.Fatal(err)
		}
	}
}
