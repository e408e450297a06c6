package minimize

import (
	"maps"
	"math/bits"
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
// hashing; so is a pattern off the trie that the view has met before (see
// knownPatterns). Any other position off the trie (inside a kept subtree,
// or under a choice type, where the record's key is reported) goes into a
// table keyed by w.h, the hash of the position that the walk keeps up key
// by key. Both are checked against the pattern itself, so that no
// collision can hide one.
func (w *walker) note(kind uint8, n *node) {
	if n != nil && !n.literal {
		w.flag(n.id, kind)
		return
	}
	if k := w.known; k != nil {
		if i, ok := k.find(w.h, w.buf); ok {
			w.flag(len(w.v.nodes)+i, kind)
			return
		}
	}
	if w.tab == nil {
		// Sized by what the view's earlier walks needed, so that it
		// seldom grows.
		w.tab = make([]patternEntry, max(32, int(w.v.tabSize.Load())))
	}
	mask := uint64(len(w.tab) - 1)
	for i := w.h & mask; ; i = (i + 1) & mask {
		e := &w.tab[i]
		if e.kinds == 0 {
			e.h, e.pattern, e.kinds = w.h, string(w.buf), kind
			if w.tabLen++; w.tabLen*2 > len(w.tab) {
				w.growTable()
			}
			return
		}
		if e.h == w.h && e.pattern == string(w.buf) {
			e.kinds |= kind
			return
		}
	}
}

// flag marks pattern i under kind: a trie node's id, or the number of
// nodes plus an index into w.known.list. The marks are bit sets, one per
// kind, so that listing them skips 64 unmarked patterns at a time.
func (w *walker) flag(i int, kind uint8) {
	if w.flags == nil {
		w.flagged = len(w.v.nodes)
		if w.known != nil {
			w.flagged += len(w.known.list)
		}
		w.words = (w.flagged + 63) / 64
		w.flags = make([]uint64, kinds*w.words)
	}
	k := kindIndex(kind)
	word, bit := &w.flags[k*w.words+i/64], uint64(1)<<(i%64)
	if *word&bit == 0 {
		*word |= bit
		w.flagCount[k]++
	}
}

// nextFlag returns the first pattern from i below end flagged under the
// kind of index k, or end.
func (w *walker) nextFlag(k, i, end int) int {
	set := w.flags[k*w.words : (k+1)*w.words]
	for i < end {
		if word := set[i/64] >> (i % 64); word != 0 {
			return min(i+bits.TrailingZeros64(word), end)
		}
		i = (i/64 + 1) * 64
	}
	return end
}

// patternEntry is a pattern off the trie and the kinds it was noted under.
type patternEntry struct {
	h       uint64
	pattern string
	kinds   uint8
}

// maxTabSize bounds the table size a view remembers for its next walks: a
// record with thousands of keys of its own cannot make every later walk
// allocate a table that large. A walk that needs more grows its own.
const maxTabSize = 256

// growTable doubles the table of patterns off the trie, and remembers the
// size for the view's next walks (up to maxTabSize entries).
func (w *walker) growTable() {
	old := w.tab
	w.tab = make([]patternEntry, 2*len(old))
	if n := int32(len(w.tab)); n <= maxTabSize && n > w.v.tabSize.Load() {
		w.v.tabSize.Store(n)
	}
	mask := uint64(len(w.tab) - 1)
	for _, e := range old {
		if e.kinds == 0 {
			continue
		}
		i := e.h & mask
		for w.tab[i].kinds != 0 {
			i = (i + 1) & mask
		}
		w.tab[i] = e
	}
}

// The position hash: FNV-1a over the keys since the nearest trie node,
// seeded by that node's id.
const (
	fnvPrime  = 1099511628211
	seedPrime = 0x9E3779B97F4A7C15
)

// seed returns the position hash of trie node n.
func seed(n *node) uint64 { return (uint64(n.id) + 1) * seedPrime }

// mixKey returns the position hash of key k under position h.
func mixKey(h uint64, k string) uint64 {
	h = (h ^ '.') * fnvPrime
	for i := 0; i < len(k); i++ {
		h = (h ^ uint64(k[i])) * fnvPrime
	}
	return h
}

// mixElem returns the position hash of the elements of the array at h.
func mixElem(h uint64) uint64 { return (h ^ '[') * fnvPrime }

// noteString records pattern p under kind.
func (w *walker) noteString(kind uint8, p string) {
	set := &w.sets[kindIndex(kind)]
	if *set == nil {
		*set = make(map[string]struct{}, 4)
	}
	(*set)[p] = struct{}{}
}

// kindIndex returns the index of kind, one of the kind bits.
func kindIndex(kind uint8) int { return bits.TrailingZeros8(kind) & (kinds - 1) }

// list returns the sorted patterns recorded under kind, each once. The
// view's nodes are numbered in the order of their patterns at Compile and
// its known patterns are kept sorted, so the flagged ones of each come out
// in order and are merged; the patterns of the table and the set, if any,
// are sorted in.
func (w *walker) list(kind uint8) []string {
	n, extra := w.flagCount[kindIndex(kind)], len(w.sets[kindIndex(kind)])
	for _, e := range w.tab {
		if e.kinds&kind != 0 {
			extra++
		}
	}
	if n+extra == 0 {
		return nil
	}
	out := w.flaggedPatterns(make([]string, 0, n+extra), kind)
	if extra == 0 {
		return out
	}
	for _, e := range w.tab {
		if e.kinds&kind != 0 {
			out = append(out, e.pattern)
		}
	}
	for p := range w.sets[kindIndex(kind)] {
		out = append(out, p)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// flaggedPatterns appends to out, in order and each once, the patterns flagged
// under kind: the nodes' and the known ones, merged.
func (w *walker) flaggedPatterns(out []string, kind uint8) []string {
	if w.flags == nil {
		return out
	}
	k, nodes, end := kindIndex(kind), len(w.v.nodes), w.flagged
	i, j := w.nextFlag(k, 0, nodes), w.nextFlag(k, nodes, end)
	for i < nodes || j < end {
		var p string
		if j >= end || i < nodes && w.v.nodes[i].pattern <= w.known.list[j-nodes] {
			p, i = w.v.nodes[i].pattern, w.nextFlag(k, i+1, nodes)
		} else {
			p, j = w.known.list[j-nodes], w.nextFlag(k, j+1, end)
		}
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
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

// report returns the Report of the walk, and has the view remember the
// patterns off its trie that the walk met for the first time.
func (w *walker) report() Report {
	if w.tabLen > 0 {
		w.v.remember(w.known, w.tab)
	}
	return Report{
		Released:    w.list(kindReleased),
		Transformed: w.list(kindTransformed),
		Removed:     w.list(kindRemoved),
		Malformed:   w.list(kindMalformed),
	}
}
