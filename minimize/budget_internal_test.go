package minimize

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dag returns a record of levels nested maps, each one's two keys holding
// the same child: small in memory, 2^levels paths to walk.
func dag(levels int) map[string]any {
	var x any = "x"
	for range levels {
		x = map[string]any{"a": x, "b": x}
	}
	return map[string]any{"resourceType": "Bundle", "entry": []any{map[string]any{"resource": x}}}
}

// TestValueBudget checks that one Apply and one PruneBundle stop with
// ErrTooLarge once they have visited maxValues values, however the record
// shares its subtrees, and that a record within the budget is walked.
func TestValueBudget(t *testing.T) {
	defer func(n int) { maxValues = n }(maxValues)
	maxValues = 10_000

	small := dag(10) // about 2,000 values
	_, _, err := Full().Apply(small, "HIV")
	require.NoError(t, err)
	_, err = PruneBundle(small, []string{"Observation/x"})
	require.NoError(t, err)

	big := dag(20) // about 2 million values, 20 maps in memory
	views := map[string]*View{"full": Full()}
	v, err := Compile(Spec{Keep: []string{"entry[].resource"}})
	require.NoError(t, err)
	views["kept"] = v
	for name, v := range views {
		for _, withheld := range [][]string{nil, {"HIV"}} {
			out, _, err := v.Apply(big, withheld...)
			assert.True(t, errors.Is(err, ErrTooLarge), "%s %v: %v", name, withheld, err)
			assert.Nil(t, out)
		}
	}
	_, err = PruneBundle(big, []string{"Observation/x"})
	assert.True(t, errors.Is(err, ErrTooLarge), "%v", err)

	// Go values converted on the way count too.
	var g any = "x"
	for range 20 {
		g = map[string]map[string]any{"k": {"a": g, "b": g}}
	}
	_, _, err = Full().Apply(map[string]any{"g": g})
	assert.True(t, errors.Is(err, ErrTooLarge), "%v", err)
}
