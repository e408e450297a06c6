package label_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/label"
)

// nest wraps leaf in n arrays, or in n objects under key "x".
func nest(leaf any, n int, arrays bool) any {
	v := leaf
	for range n {
		if arrays {
			v = []any{v}
		} else {
			v = map[string]any{"x": v}
		}
	}
	return v
}

func TestClassifyDepthCountsArrays(t *testing.T) {
	coding := map[string]any{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "B20"}
	for _, arrays := range []bool{true, false} {
		for _, n := range []int{label.MaxDepth - 2, label.MaxDepth - 1, label.MaxDepth, label.MaxDepth + 1, 300} {
			for _, leaf := range []any{"x", coding} {
				_, isCoding := leaf.(map[string]any)
				rec := map[string]any{"resourceType": "Observation", "extension": nest(leaf, n, arrays)}
				t.Run(fmt.Sprintf("arrays=%v/n=%d/coding=%v", arrays, n, isCoding), func(t *testing.T) {
					_, cerr := label.Default().Classify(rec)
					_, _, lerr := label.Default().Label(rec)
					if n > label.MaxDepth {
						require.Error(t, cerr, "nested %d deep", n)
						assert.ErrorIs(t, cerr, label.ErrInvalidRecord)
						var re *label.RecordError
						require.ErrorAs(t, cerr, &re)
						assert.True(t, strings.HasPrefix(re.Path, "extension"), re.Path)
					}
					if cerr == nil {
						assert.NoError(t, lerr, "Label accepts what Classify accepts (%d deep)", n)
						return
					}
					require.Error(t, lerr, "Label refuses what Classify refuses (%d deep)", n)
					assert.Equal(t, cerr.Error(), lerr.Error(), "and says where")
				})
			}
		}
	}
}
