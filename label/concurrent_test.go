package label_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

// TestConcurrentUse shares one Labeler between goroutines that classify
// and label at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	l := label.Default()
	files := []string{"Bundle-lipids.json", "Bundle-mixed.json", "Observation-panel-hiv-component.json"}
	want := make([][]string, len(files))
	for i, f := range files {
		rep, err := l.Classify(load(t, f))
		require.NoError(t, err)
		want[i] = rep.Categories()
	}
	var wg sync.WaitGroup
	for g := range 8 {
		i := g % len(files)
		rec := load(t, files[i])
		wg.Go(func() {
			for range 20 {
				rep, err := l.Classify(rec)
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, want[i], rep.Categories())
				_, lab, err := l.Label(rec)
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, want[i], lab.Report.Categories())
			}
		})
	}
	wg.Wait()
}
