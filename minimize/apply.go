package minimize

import (
	"errors"
	"maps"
	"slices"
)

// Report says what [View.Apply] released, transformed and removed, as path
// patterns: keys joined by '.', "[]" for the elements of an array, e.g.
// "entry[].resource.code.coding[].code". Each list is sorted and holds each
// pattern once; it names paths, never values.
type Report struct {
	Released    []string // patterns of the leaves released as they were
	Transformed []string // patterns of the transformed paths that released something
	Removed     []string // patterns of the elements removed for a withheld label ("$": the record)
}

// rootPattern names the whole record in Report.Removed.
const rootPattern = "$"

var errNilView = errors.New("minimize: nil View")

// Apply returns a new record holding only what the view keeps of record,
// transformed as the view says, and a [Report] of what it did. record is
// never modified and the result shares no map or slice with it.
//
// First every element labelled with a withheld category is removed (see the
// package documentation, Labels); if the record itself is, Apply returns a
// nil record. Then only kept and transformed paths are copied; maps and
// arrays left empty are dropped; where the record's shape differs from a
// path's (an object where the path expects an array, a string where it
// expects an object) nothing is released there. A failing transform fails
// the whole Apply: nil record and a [*TransformError].
func (v *View) Apply(record map[string]any, withheld ...string) (map[string]any, Report, error) {
	if v == nil || v.root == nil {
		return nil, Report{}, errNilView
	}
	if record == nil {
		return nil, Report{}, nil
	}
	w := walker{v: v, withheld: withheld}
	if len(withheld) > 0 && w.labelled(record) {
		return nil, Report{Removed: []string{rootPattern}}, nil
	}
	out := w.object(v.root, v.root.keep, record)
	if w.err != nil {
		return nil, Report{}, w.err
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, Report{
		Released:    sortedSet(w.released),
		Transformed: sortedSet(w.transformed),
		Removed:     sortedSet(w.removed),
	}, nil
}

var full = &View{root: &node{keep: true}, labels: mustParse(defaultLabels)}

// Full returns the view that releases a record whole, for the disclosures
// minimum necessary does not govern. Apply with it still removes elements
// labelled with a withheld category, still returns a deep copy, and reports
// every released leaf. The View is shared and safe for concurrent use.
func Full() *View { return full }

func mustParse(p string) []segment {
	segs, err := parsePath(p)
	if err != nil {
		panic(err)
	}
	return segs
}

func sortedSet(s map[string]struct{}) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Sorted(maps.Keys(s))
}

// walker carries one Apply's state.
type walker struct {
	v        *View
	withheld []string
	buf      []byte // pattern of the current position
	err      error

	released, transformed, removed map[string]struct{}
}

// note adds the current pattern (or n's, which is the same string, already
// allocated) to a report set.
func (w *walker) note(set *map[string]struct{}, n *node) {
	if *set == nil {
		*set = make(map[string]struct{}, 16)
	}
	if _, ok := (*set)[string(w.buf)]; ok {
		return
	}
	if n != nil {
		(*set)[n.pattern] = struct{}{}
		return
	}
	(*set)[string(w.buf)] = struct{}{}
}

// value returns what of x, the value at node n, the view releases; n is nil
// inside a kept subtree off the trie, keep is true inside a kept subtree.
func (w *walker) value(n *node, keep bool, x any) (any, bool) {
	if n != nil {
		if n.drop {
			return nil, false
		}
		if n.tf != nil {
			return w.transform(n, x)
		}
		keep = keep || n.keep
	}
	switch t := x.(type) {
	case map[string]any:
		if m := w.object(n, keep, t); m != nil {
			return m, true
		}
		return nil, false
	case []any:
		if a := w.array(n, keep, t); a != nil {
			return a, true
		}
		return nil, false
	}
	if !keep || !isLeaf(x) || n != nil && n.transformBelow {
		return nil, false
	}
	w.note(&w.released, n)
	return x, true
}
