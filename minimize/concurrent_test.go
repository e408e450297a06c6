package minimize_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// TestConcurrentApply shares views and input records among goroutines;
// run it with -race. The views are fresh, so that the walks remember the
// patterns they meet while others read them: every output and report must
// be what a walk alone returns.
func TestConcurrentApply(t *testing.T) {
	recs := []map[string]any{load(t, "Bundle-lipids.json"), load(t, "Bundle-ghp.json"), load(t, "Patient-example.json")}
	views := func() []*minimize.View {
		return []*minimize.View{compile(t, view20), minimize.Full(), safeHarbor(t)}
	}
	type result struct {
		out string
		rep minimize.Report
	}
	want := map[[2]int]result{}
	for i, v := range views() {
		for j, rec := range recs {
			out, rep, err := v.Apply(rec, "HIV")
			require.NoError(t, err)
			want[[2]int{i, j}] = result{encode(t, out), rep}
		}
	}
	shared := views()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for n := range 20 {
				i, j := g%len(shared), (g+n)%len(recs)
				out, rep, err := shared[i].Apply(recs[j], "HIV")
				if assert.NoError(t, err) {
					assert.Equal(t, want[[2]int{i, j}], result{encode(t, out), rep})
				}
			}
		})
	}
	wg.Wait()
}
