package minimize

import (
	"errors"
	"time"
)

// Report says what [View.Apply] released, transformed and removed, as path
// patterns: keys joined by '.', "[]" for the elements of an array, e.g.
// "entry[].resource.code.coding[].code". Each list is sorted and holds each
// pattern once; it names paths, never values.
type Report struct {
	Released    []string // patterns of the leaves released as they were
	Transformed []string // patterns of the transformed paths that released something, and of the leaves the Safe Harbor rules changed (a date cut to its year, an age aggregated)
	Removed     []string // patterns of the elements removed for a withheld label ("$": the record), and of the references to removed entries
	Malformed   []string // patterns of what a Safe Harbor view dropped as malformed: dates that are not dates, ages written as text without a number
}

// rootPattern names the whole record in Report.Removed.
const rootPattern = "$"

var errNilView = errors.New("minimize: nil View")

// Apply returns a new record holding only what the view keeps of record,
// transformed as the view says, and a [Report] of what it did. record is
// never modified and the result shares no map or slice with it.
//
// withheld names the security labels whose elements may not leave: an HL7
// ActCode or Confidentiality code ("HIV", "ETH", "R"), or "system|code"
// for a code of another system (see the package documentation, Labels).
// First every element labelled with one is removed; if the record itself
// is, Apply returns a nil record. Then only kept and transformed paths are
// copied; maps and arrays left empty are dropped; where the record's shape
// differs from a path's (an object where the path expects an array, a
// string where it expects an object) nothing is released there. When the
// record is a Bundle and entries do not go, what remains is pruned as
// [PruneBundle] says; so is a Bundle inside an entry that the view
// releases. A failing transform, a value that is not JSON-like
// (see [Full]), nesting deeper than [MaxDepth] and more than [MaxValues]
// values to walk fail the whole Apply: nil record and an error.
func (v *View) Apply(record map[string]any, withheld ...string) (map[string]any, Report, error) {
	if v == nil || v.root == nil {
		return nil, Report{}, errNilView
	}
	if record == nil {
		return nil, Report{}, nil
	}
	w := walker{v: v, hold: newWithholding(withheld), known: v.known.Load()}
	if w.hold.any && w.labelled(record) {
		return nil, Report{Removed: []string{rootPattern}}, nil
	}
	n := v.root
	typ, _ := text(record["resourceType"])
	if r := v.roots[typ]; r != nil {
		n = r
	}
	w.h = seed(n)
	out := w.object(n, n.keep, record)
	if w.err != nil {
		return nil, Report{}, w.err
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, w.report(), nil
}

var full = func() *View {
	v := &View{root: &node{keep: true}, whole: true, now: time.Now}
	v.number()
	return v
}()

// Full returns the view that releases a record whole, for the disclosures
// minimum necessary does not govern. Apply with it still removes elements
// labelled with a withheld category, still returns a deep copy, and reports
// every released leaf. Besides JSON-like values it releases Go slices,
// arrays and maps with string keys of any element type (as JSON would
// encode them: a []byte as a base64 string, a json.RawMessage as the JSON
// it holds, then walked and checked like any value, or an error naming
// its path when it holds none), values of named string, number and bool
// types as their underlying values, and dereferences pointers; a struct,
// channel, function or complex number fails Apply with an error naming
// its path and Go type. The label checks read Go values as they are
// released: a code, system or URL that is a *string or of a named string
// type labels as the string would.
// The View is shared and safe for concurrent use.
func Full() *View { return full }

// walker carries one Apply's state.
type walker struct {
	v       *View
	hold    withholding
	buf     []byte // pattern of the current position
	key     string // the key of the value being released
	depth   int
	visited int // values the walk has visited (see MaxValues)
	err     error

	inExtension bool      // under an extension a path names
	ext         []any     // the extensions of the repeating primitive about to be walked, aligned with its elements
	now         time.Time // the reference date, read once

	entries bool  // the array about to be walked holds a Bundle's entries
	gone    []any // entries of the Bundles being walked that released nothing, innermost last

	age       ageCtx         // whether the value being released states an age (see ageOf)
	slab      []any          // backing of the small released arrays
	flags     []uint64       // a bit set per kind: node ids, then indexes in known (see flag)
	words     int            // ... of each kind
	flagged   int            // patterns they cover
	flagCount [kinds]int     // patterns flagged, by kind
	known     *knownPatterns // the view's patterns off its trie, when the walk began
	h         uint64         // hash of the current position (see note)
	tab       []patternEntry // report patterns off the trie, by w.h
	tabLen    int
	sets      [kinds]map[string]struct{} // report patterns off the trie, by kind
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
	kind := uint8(kindReleased)
	if w.v.safeHarbor {
		if x, kind = w.safeLeaf(n, x); kind == 0 {
			return nil, false
		}
	}
	w.note(kind, n)
	return x, true
}
