package minimize

import (
	"maps"
	"slices"
	"strings"
)

// The kinds of a report entry, as bits of walker.flags.
const (
	kindReleased = 1 << iota
	kindTransformed
	kindRemoved
	kindMalformed
	kinds = 4
)

// note records the current position in the report under kind. A trie
// node's pattern is marked in a flag array, one bit a kind, without
// hashing; a position off the trie (inside a kept subtree), or under a
// choice type, where the record's key is reported, goes into a set by its
// pattern, allocated once.
func (w *walker) note(kind uint8, n *node) {
	if n != nil && !n.literal {
		if w.flags == nil {
			w.flags = make([]uint8, len(w.v.nodes))
		}
		if w.flags[n.id] == 0 {
			w.flagged = append(w.flagged, n.id)
		}
		w.flags[n.id] |= kind
		return
	}
	set := &w.sets[kindIndex(kind)]
	if *set == nil {
		*set = make(map[string]struct{}, 16)
	}
	if _, ok := (*set)[string(w.buf)]; !ok {
		(*set)[string(w.buf)] = struct{}{}
	}
}

// report returns the Report of the walk.
func (w *walker) report() Report {
	slices.Sort(w.flagged)
	return Report{
		Released:    w.list(kindReleased),
		Transformed: w.list(kindTransformed),
		Removed:     w.list(kindRemoved),
		Malformed:   w.list(kindMalformed),
	}
}

// noteString records pattern p under kind.
func (w *walker) noteString(kind uint8, p string) {
	set := &w.sets[kindIndex(kind)]
	if *set == nil {
		*set = make(map[string]struct{}, 4)
	}
	(*set)[p] = struct{}{}
}

func kindIndex(kind uint8) int {
	for i := range kinds {
		if kind == 1<<i {
			return i
		}
	}
	return 0
}

// list returns the sorted patterns recorded under kind, each once. The
// view's nodes are numbered in the order of their patterns at Compile, so
// the flagged ones, sorted by number (see report), come out in order; the
// set's are sorted and merged in.
func (w *walker) list(kind uint8) []string {
	var out []string
	for _, id := range w.flagged {
		if w.flags[id]&kind != 0 {
			if p := w.v.nodes[id].pattern; len(out) == 0 || out[len(out)-1] != p {
				out = append(out, p)
			}
		}
	}
	set := w.sets[kindIndex(kind)]
	if len(set) == 0 {
		return out
	}
	out = append(out, slices.Collect(maps.Keys(set))...)
	slices.Sort(out)
	return slices.Compact(out)
}

// number gives every node of the view's tries an index into the walker's
// flags, in the order of their patterns. The tries of a Bundle's entries
// are shared by the roots, and numbered once.
func (v *View) number() {
	seen := map[*node]bool{}
	var all []*node
	var walk func(n *node)
	walk = func(n *node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		all = append(all, n)
		for _, c := range n.kids {
			walk(c)
		}
		for _, c := range n.choices {
			walk(c)
		}
		walk(n.elem)
		for _, t := range slices.Sorted(maps.Keys(n.byType)) {
			walk(n.byType[t])
		}
	}
	walk(v.root)
	for _, t := range slices.Sorted(maps.Keys(v.roots)) {
		walk(v.roots[t])
	}
	slices.SortStableFunc(all, func(a, b *node) int { return strings.Compare(a.pattern, b.pattern) })
	for i, n := range all {
		n.id = i
	}
	v.nodes = all
}
