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
	list   []string         // sorted
	hashes []uint64         // the position hash of list[i]
	index  map[uint64]int32 // position hash -> index in list
}

// remember publishes, in place of old, the known patterns with the new
// ones of tab added, up to maxKnown. A pattern whose hash is already known
// for another pattern stays in the walks' tables. When another walk has
// published meanwhile, this one gives way: a later walk adds its patterns.
func (v *View) remember(old *knownPatterns, tab []patternEntry) {
	n := 0
	if old != nil {
		n = len(old.list)
	}
	type entry struct {
		h uint64
		p string
	}
	var add []entry
	for _, e := range tab {
		if n+len(add) >= maxKnown {
			break
		}
		if e.kinds == 0 || len(e.pattern) > maxKnownLength {
			continue
		}
		if old != nil {
			if _, taken := old.index[e.h]; taken {
				continue
			}
		}
		add = append(add, entry{e.h, e.pattern})
	}
	if len(add) == 0 {
		return
	}
	all := make([]entry, 0, n+len(add))
	if old != nil {
		for i, p := range old.list {
			all = append(all, entry{old.hashes[i], p})
		}
	}
	all = append(all, add...)
	slices.SortFunc(all, func(a, b entry) int { return strings.Compare(a.p, b.p) })
	k := &knownPatterns{
		list:   make([]string, len(all)),
		hashes: make([]uint64, len(all)),
		index:  make(map[uint64]int32, len(all)),
	}
	for i, e := range all {
		k.list[i], k.hashes[i] = e.p, e.h
		if _, taken := k.index[e.h]; !taken {
			k.index[e.h] = int32(i)
		}
	}
	v.known.CompareAndSwap(old, k)
}
