package audit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

func TestEventClone(t *testing.T) {
	for _, c := range []struct {
		name string
		e    audit.Event
	}{
		{"full", func() audit.Event {
			e := disclosureEvent(1)
			e.Resources = []string{"Observation/o1", "Observation/o2"}
			return e
		}()},
		{"zero", audit.Event{}},
		{"empty lists", audit.Event{Categories: []string{}, PerCategory: []audit.CategoryOutcome{}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			orig := c.e
			want := copyEvent(orig)
			got := orig.Clone()
			require.Equal(t, want, got)

			// Changing the original changes nothing in the clone ...
			for _, xs := range [][]string{orig.Categories, orig.Fields, orig.Obligations, orig.Resources} {
				for i := range xs {
					xs[i] = "changed"
				}
			}
			for i := range orig.PerCategory {
				orig.PerCategory[i].Effect = "changed"
				for j := range orig.PerCategory[i].Obligations {
					orig.PerCategory[i].Obligations[j] = "changed"
				}
			}
			assert.Equal(t, want, got)

			// ... and appending to one list of the clone leaves the others
			// alone.
			if len(got.Categories) > 0 {
				fields := append([]string{}, got.Fields...)
				_ = append(got.Categories, "appended")
				assert.Equal(t, fields, got.Fields)
			}
		})
	}
}

// copyEvent copies e by hand, list by list.
func copyEvent(e audit.Event) audit.Event {
	cp := func(xs []string) []string {
		if xs == nil {
			return nil
		}
		return append([]string{}, xs...)
	}
	e.Categories, e.Fields, e.Obligations, e.Resources = cp(e.Categories), cp(e.Fields), cp(e.Obligations), cp(e.Resources)
	if e.PerCategory != nil {
		pc := make([]audit.CategoryOutcome, len(e.PerCategory))
		for i, c := range e.PerCategory {
			c.Obligations = cp(c.Obligations)
			pc[i] = c
		}
		e.PerCategory = pc
	}
	return e
}

func TestEventCloneAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	e := disclosureEvent(1)
	allocs := testing.AllocsPerRun(100, func() { _ = e.Clone() })
	assert.LessOrEqual(t, allocs, 2.0)
}
