package minimize_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// TestConcurrentApply shares one view and one input record among
// goroutines; run it with -race.
func TestConcurrentApply(t *testing.T) {
	rec := load(t, "Bundle-lipids.json")
	views := []*minimize.View{compile(t, view20), minimize.Full(), safeHarbor(t)}
	want := make([]string, len(views))
	for i, v := range views {
		out, _, err := v.Apply(rec, "HIV")
		require.NoError(t, err)
		want[i] = encode(t, out)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 20 {
				v := views[g%len(views)]
				out, _, err := v.Apply(rec, "HIV")
				if assert.NoError(t, err) {
					assert.Equal(t, want[g%len(views)], encode(t, out))
				}
			}
		})
	}
	wg.Wait()
}
