package minimize_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

type seg struct {
	key   string
	array bool
}

// segs splits a well-formed path.
func segs(p string) []seg {
	var out []seg
	for _, s := range strings.Split(p, ".") {
		k, arr := strings.CutSuffix(s, "[]")
		out = append(out, seg{k, arr})
	}
	return out
}

// leaves lists the path of every leaf of x ("[]" marking array elements),
// and reports whether x holds an empty object or array.
func leaves(x any, prefix []seg, out *[][]seg) (empty bool) {
	switch t := x.(type) {
	case map[string]any:
		if len(t) == 0 {
			return true
		}
		for k, v := range t {
			if leaves(v, append(prefix[:len(prefix):len(prefix)], seg{k, false}), out) {
				empty = true
			}
		}
		return empty
	case []any:
		if len(t) == 0 {
			return true
		}
		last := prefix[len(prefix)-1]
		elem := append(prefix[:len(prefix)-1:len(prefix)-1], seg{last.key, true})
		for _, v := range t {
			if _, nested := v.([]any); nested {
				// Nested arrays only come whole from a kept subtree:
				// attribute their leaves to the outer array.
				if leaves(v, elem, out) {
					empty = true
				}
				continue
			}
			if leaves(v, elem, out) {
				empty = true
			}
		}
		return empty
	}
	*out = append(*out, prefix)
	return false
}

// covers reports whether path p, kept (whole subtree) or transformed
// (exactly), allows the leaf at l. A "[x]" key covers its choice types.
func covers(p []seg, l []seg, subtree bool) bool {
	if len(l) < len(p) || !subtree && len(l) != len(p) {
		return false
	}
	for i, s := range p {
		if prefix, choice := strings.CutSuffix(s.key, "[x]"); choice {
			k := l[i].key
			if len(k) <= len(prefix) || k[:len(prefix)] != prefix || k[len(prefix)] < 'A' || k[len(prefix)] > 'Z' {
				return false
			}
		} else if s.key != l[i].key {
			return false
		}
		if i < len(p)-1 && s.array != l[i].array || i == len(p)-1 && s.array && !l[i].array {
			return false
		}
	}
	return true
}

// typedLeaf is a leaf with the resource types it lies in: the record's and,
// under entry[].resource, its entry's.
type typedLeaf struct {
	path        []seg
	root, entry string
}

// coveredBy reports whether the spec's paths allow the leaf l: untyped
// paths from the record, typed paths from a resource of their type.
func coveredBy(s minimize.Spec, l typedLeaf) bool {
	inEntry := len(l.path) > 2 && l.path[0] == (seg{"entry", true}) && l.path[1] == (seg{"resource", false})
	check := func(p string, subtree bool) bool {
		ps := segs(p)
		if t := ps[0].key; t[0] >= 'A' && t[0] <= 'Z' && !ps[0].array {
			rest := ps[1:]
			return t == l.root && covers(rest, l.path, subtree) || inEntry && t == l.entry && covers(rest, l.path[2:], subtree)
		}
		return covers(ps, l.path, subtree)
	}
	for _, k := range s.Keep {
		if check(k, true) {
			return true
		}
	}
	for p := range s.Transform {
		if check(p, false) {
			return true
		}
	}
	return false
}

// allowed checks that every leaf of out is covered by the spec. The
// aggregate of an age over 89 ("_birthDate" beside a removed birthDate)
// is allowed where the aggregated value is.
func allowed(tb testing.TB, s minimize.Spec, out map[string]any) {
	tb.Helper()
	if len(out) == 0 {
		return
	}
	var ls [][]seg
	empty := leaves(out, nil, &ls)
	assert.False(tb, empty, "output holds an empty object or array")
	root, _ := out["resourceType"].(string)
	entries, _ := out["entry"].([]any)
	for _, l := range ls {
		tl := typedLeaf{path: l, root: root}
		for i, sg := range l {
			if strings.HasPrefix(sg.key, "_") {
				tl.path = append(append([]seg(nil), l[:i]...), seg{sg.key[1:], sg.array})
				break
			}
		}
		ok := coveredBy(s, tl)
		if !ok && len(l) > 2 && l[0].key == "entry" {
			// Which entry: try the types of all released entries; a
			// resource's type is released verbatim, so it is its own.
			for _, e := range entries {
				em, _ := e.(map[string]any)
				res, _ := em["resource"].(map[string]any)
				if t, _ := res["resourceType"].(string); t != "" {
					tl.entry = t
					ok = ok || coveredBy(s, tl)
				}
			}
		}
		assert.True(tb, ok, "leaf %v is not allowed by %v", l, s)
	}
}

var keys = []string{"a", "b", "c", "meta"}

func randRecord(r *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for range r.IntN(5) {
		m[keys[r.IntN(len(keys))]] = randValue(r, depth+1)
	}
	return m
}

func randValue(r *rand.Rand, depth int) any {
	n := 7
	if depth > 4 {
		n = 4
	}
	switch r.IntN(n) {
	case 0:
		return "s" + string(rune('a'+r.IntN(26)))
	case 1:
		return float64(r.IntN(100))
	case 2:
		return r.IntN(2) == 0
	case 3:
		return nil
	case 4, 5:
		return randRecord(r, depth)
	default:
		a := make([]any, r.IntN(4))
		for i := range a {
			a[i] = randValue(r, depth+1)
		}
		return a
	}
}

func randPath(r *rand.Rand) string {
	var b strings.Builder
	for i := range 1 + r.IntN(3) {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(keys[r.IntN(len(keys))])
		if r.IntN(3) == 0 {
			b.WriteString("[]")
		}
	}
	return b.String()
}

// randSpec returns a spec that compiles: transforms only "mask" and "drop".
func randSpec(tb testing.TB, r *rand.Rand, transforms bool) (minimize.Spec, *minimize.View) {
	for {
		s := minimize.Spec{Transform: map[string]string{}}
		for range 1 + r.IntN(4) {
			s.Keep = append(s.Keep, randPath(r))
		}
		if transforms {
			for range r.IntN(3) {
				s.Transform[randPath(r)] = []string{"mask", "drop"}[r.IntN(2)]
			}
		}
		if v, err := minimize.Compile(s); err == nil {
			return s, v
		}
	}
}

func TestPropertyAllowList(t *testing.T) {
	released := 0
	defer func() {
		t.Logf("released %d", released)
		assert.Greater(t, released, 300, "the property must be exercised")
	}()
	for _, seed := range []uint64{1, 2, 3, 4} {
		r := rand.New(rand.NewPCG(seed, 42))
		for range 500 {
			s, v := randSpec(t, r, true)
			rec := randRecord(r, 0)
			before := encode(t, rec)
			out, _, err := v.Apply(rec, "sa", "sb")
			assert.Equal(t, before, encode(t, rec), "input modified")
			if err != nil {
				// mask meets an object: the view fails closed.
				var te *minimize.TransformError
				require.ErrorAs(t, err, &te)
				require.Nil(t, out)
				continue
			}
			allowed(t, s, out)
			if len(out) > 0 {
				released++
			}
		}
	}
}

func TestPropertyIdempotent(t *testing.T) {
	for _, seed := range []uint64{5, 6, 7, 8} {
		r := rand.New(rand.NewPCG(seed, 42))
		for range 500 {
			_, v := randSpec(t, r, false)
			rec := randRecord(r, 0)
			once, rep1, err := v.Apply(rec)
			require.NoError(t, err)
			twice, rep2, err := v.Apply(once)
			require.NoError(t, err)
			require.Equal(t, once, twice)
			require.Equal(t, rep1, rep2)
		}
	}
}
