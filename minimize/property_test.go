package minimize_test

import (
	"math/rand/v2"
	"strconv"
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

// TestPropertyWarmViewReports checks that a view that has walked many
// records, and remembers the report patterns it met, reports on each new
// record exactly what a freshly compiled view does.
func TestPropertyWarmViewReports(t *testing.T) {
	for _, seed := range []uint64{9, 10} {
		r := rand.New(rand.NewPCG(seed, 42))
		for range 20 {
			s, warm := randSpec(t, r, false)
			for range 25 {
				rec := randRecord(r, 0)
				fresh, err := minimize.Compile(s)
				require.NoError(t, err)
				want, wantRep, err := fresh.Apply(rec, "sa")
				require.NoError(t, err)
				got, gotRep, err := warm.Apply(rec, "sa")
				require.NoError(t, err)
				require.Equal(t, want, got)
				require.Equal(t, wantRep, gotRep)
			}
		}
	}
}

var types = []string{"Observation", "Patient", "Basic"}

// randResourceRecord returns a resource of a random type, or a Bundle of
// them.
func randResourceRecord(r *rand.Rand) map[string]any {
	res := func() map[string]any {
		m := randRecord(r, 1)
		m["resourceType"] = types[r.IntN(len(types))]
		return m
	}
	if r.IntN(2) == 0 {
		return res()
	}
	entries := make([]any, 1+r.IntN(4))
	for i := range entries {
		entries[i] = map[string]any{"resource": res()}
	}
	return map[string]any{"resourceType": "Bundle", "entry": entries, "a": randValue(r, 1)}
}

// randTypedSpec returns a spec of typed and untyped paths that compiles;
// each type it names keeps its resourceType, so that the check can tell
// which resource a released leaf came from.
func randTypedSpec(r *rand.Rand) (minimize.Spec, *minimize.View) {
	for {
		s := minimize.Spec{Transform: map[string]string{}}
		named := map[string]bool{}
		for range 1 + r.IntN(5) {
			p := randPath(r)
			if r.IntN(4) == 0 {
				p = strings.Replace(p, "a", "a[x]", 1)
			}
			switch r.IntN(4) {
			case 0:
				p = "entry[].resource." + p
			case 1, 2:
				t := append(types, "Bundle")[r.IntN(len(types)+1)]
				named[t] = true
				p = t + "." + p
			}
			s.Keep = append(s.Keep, p)
		}
		for t := range named {
			s.Keep = append(s.Keep, t+".resourceType")
		}
		if r.IntN(2) == 0 {
			s.Transform["Observation.b"] = "mask"
			s.Keep = append(s.Keep, "Observation.resourceType")
		}
		if v, err := minimize.Compile(s); err == nil {
			return s, v
		}
	}
}

func TestPropertyTypedAllowList(t *testing.T) {
	keys = append(keys, "aB")
	defer func() { keys = keys[:len(keys)-1] }()
	released := 0
	for _, seed := range []uint64{11, 12, 13, 14} {
		r := rand.New(rand.NewPCG(seed, 42))
		for range 500 {
			s, v := randTypedSpec(r)
			rec := randResourceRecord(r)
			before := encode(t, rec)
			out, _, err := v.Apply(rec)
			assert.Equal(t, before, encode(t, rec), "input modified")
			if err != nil {
				var te *minimize.TransformError
				require.ErrorAs(t, err, &te)
				continue
			}
			allowed(t, s, out)
			if len(out) > 0 {
				released++
			}
		}
	}
	assert.Greater(t, released, 300, "the property must be exercised")
}

// Label codes and systems of the labels property.
var (
	labelCodes   = []string{"HIV", "PSY", "N", "R", "V"}
	labelSystems = []string{minimize.SystemActCode, minimize.SystemConfidentiality, "urn:oid:2.16.840.1.113883.5.25", "", "http://example.org/other"}
)

// randLabelled returns a record whose objects carry random labels, in
// meta.security or inline, and a unique "id"; labels maps each id to the
// labels its object carries.
func randLabelled(r *rand.Rand, depth int, next *int, labels map[string][]map[string]any) map[string]any {
	*next++
	id := "m" + strconv.Itoa(*next)
	m := map[string]any{"id": id, "resourceType": "Observation"}
	if r.IntN(3) == 0 {
		c := map[string]any{"code": labelCodes[r.IntN(len(labelCodes))]}
		if sys := labelSystems[r.IntN(len(labelSystems))]; sys != "" {
			c["system"] = sys
		}
		labels[id] = append(labels[id], c)
		if r.IntN(2) == 0 {
			m["meta"] = map[string]any{"security": []any{c}}
		} else {
			m["extension"] = []any{map[string]any{"url": minimize.InlineLabelURL, "valueCoding": c}}
		}
	}
	if depth < 4 {
		for _, k := range []string{"a", "b"} {
			switch r.IntN(3) {
			case 0:
				m[k] = randLabelled(r, depth+1, next, labels)
			case 1:
				a := make([]any, r.IntN(3))
				for i := range a {
					a[i] = randLabelled(r, depth+1, next, labels)
				}
				m[k] = a
			}
		}
	}
	return m
}

// confidentialityRank ranks the Confidentiality codes the property uses.
var confidentialityRank = map[string]int{"N": 1, "R": 2, "V": 3}

// withheldLabel is the documented matching rule, written out on its own:
// an HL7 code by its code (Confidentiality as a high-water mark), a code
// without a system by its code alone, any other by "system|code".
func withheldLabel(c map[string]any, withheld []string) bool {
	code, _ := c["code"].(string)
	sys, _ := c["system"].(string)
	conf := sys == "" || sys == minimize.SystemConfidentiality || sys == "urn:oid:2.16.840.1.113883.5.25"
	for _, w := range withheld {
		switch {
		case sys == "" || sys == minimize.SystemActCode || conf:
			if w == code || conf && confidentialityRank[w] > 0 && confidentialityRank[code] >= confidentialityRank[w] {
				return true
			}
		case w == sys+"|"+code:
			return true
		}
	}
	return false
}

// TestPropertyNoWithheldLabelLeaves: no element labelled with a withheld
// category comes out, whatever the view, wherever the label is.
func TestPropertyNoWithheldLabelLeaves(t *testing.T) {
	removed := 0
	for _, seed := range []uint64{21, 22, 23} {
		r := rand.New(rand.NewPCG(seed, 42))
		for range 400 {
			labels := map[string][]map[string]any{}
			next := 0
			rec := randLabelled(r, 0, &next, labels)
			if r.IntN(2) == 0 {
				rec = map[string]any{"resourceType": "Bundle", "entry": []any{
					map[string]any{"resource": rec}, map[string]any{"resource": randLabelled(r, 1, &next, labels)}}}
			}
			var withheld []string
			for _, c := range labelCodes {
				if r.IntN(3) == 0 {
					withheld = append(withheld, c)
				}
			}
			if r.IntN(4) == 0 {
				withheld = append(withheld, "http://example.org/other|"+labelCodes[r.IntN(len(labelCodes))])
			}
			views := []*minimize.View{minimize.Full(),
				compile(t, minimize.Spec{Keep: []string{"id", "a", "b[].id", "entry[].resource.id", "Observation.a", "Observation.b"}}),
				compile(t, minimize.Spec{Keep: []string{"Observation"}, SafeHarbor: true})}
			for _, v := range views {
				out, _, err := v.Apply(rec, withheld...)
				require.NoError(t, err)
				text := encode(t, out)
				for id, ls := range labels {
					for _, l := range ls {
						if withheldLabel(l, withheld) {
							assert.NotContains(t, text, `"`+id+`"`, "labelled %v, withheld %v", l, withheld)
							removed++
						}
					}
				}
			}
		}
	}
	assert.Greater(t, removed, 300, "the property must be exercised")
}
