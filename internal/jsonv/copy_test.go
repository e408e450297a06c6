package jsonv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopy(t *testing.T) {
	in := map[string]any{"a": []any{map[string]any{"b": 1.0}, "s"}, "n": nil}
	out, ok := Copy(in, 10, nil)
	require.True(t, ok)
	assert.Equal(t, in, out)
	out.(map[string]any)["a"].([]any)[0].(map[string]any)["b"] = 2.0
	assert.Equal(t, 1.0, in["a"].([]any)[0].(map[string]any)["b"], "the copy shares no map or slice")

	t.Run("depth", func(t *testing.T) {
		_, ok := Copy(in, 4, nil) // in, a, a[0], a[0].b
		assert.True(t, ok)
		_, ok = Copy(in, 3, nil)
		assert.False(t, ok)
		_, ok = Copy("leaf", 1, nil)
		assert.True(t, ok)
		self := map[string]any{}
		self["self"] = self
		_, ok = Copy(self, 100, nil)
		assert.False(t, ok, "a cycle is refused at the limit")
	})
	t.Run("leaves", func(t *testing.T) {
		isString := func(v any) bool { _, ok := v.(string); return ok }
		_, ok := Copy([]any{"x"}, 5, isString)
		assert.True(t, ok)
		_, ok = Copy([]any{"x", 1}, 5, isString)
		assert.False(t, ok)
	})
}
