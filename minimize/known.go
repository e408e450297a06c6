package minimize

import (
	"slices"
	"strings"
)

// Bounds of what a view remembers of the patterns off its trie: a record
// with many or long keys of its own cannot make a view hold much memory.
const (
	maxKnown       = 1024 // patterns
	maxKnownLength = 256  // bytes of one pattern
)

// knownPatterns are report patterns off a view's trie (inside a kept
// subtree, under a choice type) that earlier walks met: a walk that meets
// one again flags it by index instead of building and sorting its string.
// They are key paths, never values. A set is immutable once published;
// a view replaces it by a larger one.
type knownPatterns struct {
	list   []string // sorted
	hashes []uint64 // the position hash of list[i]
	slots  []int32  // open addressing by position hash: 1 + an index in list, 0 when empty
}

// find returns the index in list of pattern p at position hash h.
func (k *knownPatterns) find(h uint64, p []byte) (int, bool) {
	mask := uint64(len(k.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		j := int(k.slots[i]) - 1
		if j < 0 {
			return 0, false
		}
		if k.hashes[j] == h && k.list[j] == string(p) {
			return j, true
		}
	}
}

// remember publishes, in place of old, the known patterns with the new
// ones of tab added, up to maxKnown. When another walk has published
// meanwhile, this one gives way: a later walk adds its patterns.
func (v *View) remember(old *knownPatterns, tab []patternEntry) {
	type entry struct {
		h uint64
		p string
	}
	var all []entry
	if old != nil {
		all = make([]entry, len(old.list), len(old.list)+8)
		for i, p := range old.list {
			all[i] = entry{old.hashes[i], p}
		}
	}
	n := len(all)
	for _, e := range tab {
		if len(all) >= maxKnown {
			break
		}
		if e.kinds != 0 && len(e.pattern) <= maxKnownLength {
			all = append(all, entry{e.h, e.pattern})
		}
	}
	if len(all) == n {
		return
	}
	slices.SortFunc(all, func(a, b entry) int { return strings.Compare(a.p, b.p) })
	size := 16
	for size < 2*len(all) {
		size *= 2
	}
	k := &knownPatterns{
		list:   make([]string, len(all)),
		hashes: make([]uint64, len(all)),
		slots:  make([]int32, size),
	}
	mask := uint64(size - 1)
	for i, e := range all {
		k.list[i], k.hashes[i] = e.p, e.h
		j := e.h & mask
		for k.slots[j] != 0 {
			j = (j + 1) & mask
		}
		k.slots[j] = int32(i + 1)
	}
	v.known.CompareAndSwap(old, k)
}
