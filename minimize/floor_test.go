package minimize_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file measures the least a view's result can cost: bare walkers that
// build what view20 releases and do nothing else (no report, no labels, no
// depth limit, no Safe Harbor). BenchmarkOutputFloor/fresh builds every
// kept object and array anew, as Apply does; BenchmarkOutputFloor/shared
// also returns the record's own subtrees where nothing under them is
// dropped, which Apply does not do, so that its result never changes with
// the record, and builds with one allocation for many arrays and maps of
// their exact size. Compare both with BenchmarkCopy and BenchmarkApply.

// floorNode is a node of the bare walkers' trie.
type floorNode struct {
	keep bool
	keys []string
	kids map[string]*floorNode
	elem *floorNode
}

func floorTrie(paths []string) *floorNode {
	root := &floorNode{}
	for _, p := range paths {
		n := root
		for _, seg := range strings.Split(p, ".") {
			key, array := strings.CutSuffix(seg, "[]")
			if n.kids == nil {
				n.kids = map[string]*floorNode{}
			}
			c := n.kids[key]
			if c == nil {
				c = &floorNode{}
				n.kids[key], n.keys = c, append(n.keys, key)
			}
			if n = c; array {
				if n.elem == nil {
					n.elem = &floorNode{}
				}
				n = n.elem
			}
		}
		n.keep = true
	}
	return root
}

// floorFresh returns what view20 releases of x, in new maps and arrays.
func floorFresh(n *floorNode, keep bool, x any) (any, bool) {
	if n != nil {
		keep = keep || n.keep
	}
	switch t := x.(type) {
	case map[string]any:
		if keep && (n == nil || n.kids == nil) {
			return copyValue(t), true
		}
		var out map[string]any
		for _, k := range n.keys {
			if v, ok := t[k]; ok {
				if r, ok := floorFresh(n.kids[k], keep, v); ok {
					if out == nil {
						out = make(map[string]any, min(len(n.keys), len(t), 8))
					}
					out[k] = r
				}
			}
		}
		return out, out != nil
	case []any:
		var en *floorNode
		if n != nil {
			en = n.elem
		}
		if en == nil && !keep {
			return nil, false
		}
		var out []any
		for _, e := range t {
			if r, ok := floorFresh(en, keep, e); ok {
				out = append(out, r)
			}
		}
		return out, out != nil
	}
	return x, keep
}

// floorArena holds what floorShared builds with: one allocation for the
// elements of many small arrays, and a stack of the fields of the objects
// being built, so that each map is made at its exact size.
type floorArena struct {
	slab   []any
	fields []floorField
}

type floorField struct {
	k string
	v any
}

func (a *floorArena) slice(n int) []any {
	if cap(a.slab)-len(a.slab) < n {
		a.slab = make([]any, 0, max(n, 128))
	}
	i := len(a.slab)
	a.slab = a.slab[:i+n]
	return a.slab[i : i : i+n]
}

// floorShared is floorFresh returning x itself where nothing under it is
// dropped, with the arena's savings: the least a result can cost; same
// reports whether it returned x.
func (a *floorArena) floorShared(n *floorNode, keep bool, x any) (r any, ok, same bool) {
	if n != nil {
		keep = keep || n.keep
	}
	switch t := x.(type) {
	case map[string]any:
		if keep && (n == nil || n.kids == nil) {
			return t, true, true
		}
		base, same := len(a.fields), true
		for _, k := range n.keys {
			if v, ok := t[k]; ok {
				r, ok, s := a.floorShared(n.kids[k], keep, v)
				if ok {
					a.fields = append(a.fields, floorField{k, r})
				}
				same = same && ok && s
			}
		}
		fs := a.fields[base:]
		defer func() { a.fields = a.fields[:base] }()
		if len(fs) == 0 {
			return nil, false, false
		}
		if same && len(fs) == len(t) {
			return t, true, true
		}
		out := make(map[string]any, len(fs))
		for _, f := range fs {
			out[f.k] = f.v
		}
		return out, true, false
	case []any:
		var en *floorNode
		if n != nil {
			en = n.elem
		}
		if en == nil && !keep {
			return nil, false, false
		}
		var out []any
		same := true
		for _, e := range t {
			r, ok, s := a.floorShared(en, keep, e)
			if ok {
				if out == nil {
					out = a.slice(len(t))
				}
				out = append(out, r)
			}
			same = same && ok && s
		}
		if same {
			return t, true, true
		}
		return out, out != nil, false
	}
	return x, keep, keep
}

func BenchmarkOutputFloor(b *testing.B) {
	trie := floorTrie(view20.Keep)
	for _, name := range records {
		rec := load(b, name)
		b.Run("fresh/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				floorFresh(trie, false, rec)
			}
		})
		b.Run("shared/"+name, func(b *testing.B) {
			b.ReportAllocs()
			fields := make([]floorField, 0, 64)
			for b.Loop() {
				a := floorArena{fields: fields}
				a.floorShared(trie, false, rec)
			}
		})
	}
}

// TestOutputFloorReleasesWhatApplyDoes checks that the bare walkers build
// what view20's Apply releases, so that the floor they measure is the
// floor of the same result.
func TestOutputFloorReleasesWhatApplyDoes(t *testing.T) {
	trie := floorTrie(view20.Keep)
	v := compile(t, view20)
	for _, name := range records {
		rec := load(t, name)
		want, _, err := v.Apply(rec)
		require.NoError(t, err)
		fresh, _ := floorFresh(trie, false, rec)
		var a floorArena
		shared, _, _ := a.floorShared(trie, false, rec)
		assert.Equal(t, encode(t, want), encode(t, fresh), name)
		assert.Equal(t, encode(t, want), encode(t, shared), name)
	}
}
