// Package jsonv holds what the module's packages do alike to JSON-shaped
// Go values (map[string]any, []any and scalars, as encoding/json decodes
// them).
package jsonv

// Copy copies x deeply: every map[string]any and []any is new, other
// values are shared. It reports false when x is deeper than limit levels
// (x is level 1, the values in it level 2, and so on, leaves included), or
// when leaf is not nil and reports false for a value that is neither a map
// nor a slice.
func Copy(x any, limit int, leaf func(any) bool) (any, bool) {
	if limit <= 0 {
		return nil, false
	}
	switch t := x.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, v := range t {
			c, ok := Copy(v, limit-1, leaf)
			if !ok {
				return nil, false
			}
			m[k] = c
		}
		return m, true
	case []any:
		a := make([]any, len(t))
		for i, v := range t {
			c, ok := Copy(v, limit-1, leaf)
			if !ok {
				return nil, false
			}
			a[i] = c
		}
		return a, true
	}
	return x, leaf == nil || leaf(x)
}
