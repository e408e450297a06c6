package minimize

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestKnownPatterns checks that a view remembers the patterns off its trie
// that a walk met, and that a later walk reports exactly what a fresh view
// does, from the remembered patterns alone.
func TestKnownPatterns(t *testing.T) {
	spec := Spec{Keep: []string{"code", "value[x]"}}
	rec := map[string]any{
		"code":          map[string]any{"coding": []any{map[string]any{"system": "s", "code": "c"}}, "text": "t"},
		"valueQuantity": map[string]any{"value": 1.0, "unit": "mg"},
		"status":        "final",
	}
	v, err := Compile(spec)
	require.NoError(t, err)
	require.Nil(t, v.known.Load())
	_, first, err := v.Apply(rec)
	require.NoError(t, err)
	k := v.known.Load()
	require.NotNil(t, k)
	assert.Equal(t, []string{"code.coding[].code", "code.coding[].system", "code.text", "valueQuantity.unit", "valueQuantity.value"}, k.list)
	assert.Equal(t, first.Released, k.list)

	w := walker{v: v, known: k}
	w.h = seed(v.root)
	w.object(v.root, false, rec)
	require.NoError(t, w.err)
	assert.Zero(t, w.tabLen, "every pattern found among the known ones")
	assert.Equal(t, first, w.report())
	assert.Same(t, k, v.known.Load(), "nothing new to remember")
}

// TestKnownPatternsCollision checks that a known pattern whose hash is that
// of the walk's position but whose text differs is not taken for it, and
// that both are remembered and told apart.
func TestKnownPatternsCollision(t *testing.T) {
	v, err := Compile(Spec{Keep: []string{"a"}})
	require.NoError(t, err)
	var a *node
	for _, n := range v.nodes {
		if n.pattern == "a" {
			a = n
		}
	}
	require.NotNil(t, a)
	h := mixKey(seed(a), "b")
	forged := &knownPatterns{list: []string{"a.z"}, hashes: []uint64{h}, slots: make([]int32, 16)}
	forged.slots[h&15] = 1
	v.known.Store(forged)
	for range 2 {
		_, rep, err := v.Apply(map[string]any{"a": map[string]any{"b": 1.0}})
		require.NoError(t, err)
		assert.Equal(t, []string{"a.b"}, rep.Released)
	}
	k := v.known.Load()
	assert.Equal(t, []string{"a.b", "a.z"}, k.list)
	assert.Equal(t, []uint64{h, h}, k.hashes)
	i, ok := k.find(h, []byte("a.b"))
	assert.True(t, ok)
	assert.Equal(t, 0, i)
}

// TestKnownPatternsBounded checks that a record with many and long keys of
// its own makes a view remember at most maxKnown patterns of at most
// maxKnownLength bytes, and that its report still names every one.
func TestKnownPatternsBounded(t *testing.T) {
	v, err := Compile(Spec{Keep: []string{"a"}})
	require.NoError(t, err)
	inner := map[string]any{strings.Repeat("k", maxKnownLength): 1.0}
	for i := range 3 * maxKnown {
		inner["k"+strconv.Itoa(i)] = 1.0
	}
	for range 2 {
		_, rep, err := v.Apply(map[string]any{"a": inner})
		require.NoError(t, err)
		assert.Len(t, rep.Released, len(inner))
		assert.Contains(t, rep.Released, "a."+strings.Repeat("k", maxKnownLength))
	}
	k := v.known.Load()
	require.NotNil(t, k)
	assert.Len(t, k.list, maxKnown)
	for _, p := range k.list {
		assert.LessOrEqual(t, len(p), maxKnownLength)
	}
}

// TestTableSizeRemembered checks that one record with thousands of keys of
// its own under a kept path does not make every later walk of the view
// allocate a table that large: the size a view remembers is bounded, and a
// larger walk grows its own table.
func TestTableSizeRemembered(t *testing.T) {
	v, err := Compile(Spec{Keep: []string{"Observation"}})
	require.NoError(t, err)
	code := map[string]any{}
	for i := range 5000 {
		code["k"+strconv.Itoa(i)] = 1.0
	}
	_, rep, err := v.Apply(map[string]any{"resourceType": "Observation", "code": code})
	require.NoError(t, err)
	require.Len(t, rep.Released, 5001, "the large walk reports every pattern")
	assert.LessOrEqual(t, v.tabSize.Load(), int32(maxTabSize))

	// A later walk that meets a pattern the view does not know allocates
	// a table of the remembered size, not one of thousands of entries.
	rec := map[string]any{"resourceType": "Observation", "status": "final"}
	w := walker{v: v, known: v.known.Load()}
	w.h = seed(v.roots["Observation"])
	w.object(v.roots["Observation"], true, rec)
	require.NoError(t, w.err)
	assert.LessOrEqual(t, len(w.tab), maxTabSize)
}
