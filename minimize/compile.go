package minimize

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"
	"time"
)

// View is a compiled [Spec]: a trie of the paths it keeps and transforms,
// one per resource type its typed paths name. What it releases is fixed at
// Compile, and a View is safe for concurrent use; compile it once and apply
// it to many records. It remembers, to build reports faster, up to 1,024
// of the report patterns it has met inside kept subtrees: key paths of the
// records it walked, never their values.
type View struct {
	root       *node                         // for a record whose type no typed path names
	roots      map[string]*node              // by the record's resourceType
	labels     []segment                     // Spec.Labels: bare label codes, nil when unset
	safeHarbor bool                          // Safe Harbor rules on everything released
	whole      bool                          // Full: extensions and contained resources go too
	now        func() time.Time              // reference date of the age rules
	nodes      []*node                       // every node of the tries, by pattern (node.id)
	tabSize    atomic.Int32                  // the size of report table the walks needed (see note)
	known      atomic.Pointer[knownPatterns] // report patterns off the trie that walks have met
}

// node is one position of the trie: the value under a key (or an array's
// elements). Every field is set by Compile and only read afterwards.
type node struct {
	key     string
	pattern string           // report form, e.g. "entry[].resource.code"
	fields  map[string]*node // children when the value is an object
	kids    []*node          // fields sorted by key, for a deterministic walk
	elem    *node            // the elements when the value is an array
	choice  map[string]*node // choice-type children by prefix: "value" for "value[x]"
	choices []*node          // choice sorted by prefix
	byType  map[string]*node // at entry[].resource: the trie of a resource of that type

	id      int  // index in View.nodes
	literal bool // under a choice type: reports name the record's key, not "[x]"

	keep    bool        // release the whole value under this node
	name    string      // the transform's name, "" when none
	tf      Transformer // the transform, nil when none or "drop"
	builtin bool        // tf is built in: trusted not to panic or share
	drop    bool        // the "drop" transform: never release

	transformBelow bool // a strict descendant is transformed
	objTransform   bool // ... through fields: the value must be an object
	arrTransform   bool // ... through elem: the value must be an array
}

// item is one parsed path of a Spec.
type item struct {
	path   string
	segs   []segment
	keep   bool
	marker bool // only makes the nodes (entry[].resource for typed paths)
	name   string
	tf     Transformer
}

// entryResource is where a Bundle holds its resources.
var entryResource = []segment{{key: "entry", array: true}, {key: "resource"}}

// Compile checks s and builds its [View]. It reports every problem it finds
// at once (errors.Join): malformed paths as [*PathError], unknown
// transforms, a path both kept and transformed, a transformed path with
// paths under it, a transformed resource, "hash" without [WithHashKey],
// invalid options.
func Compile(s Spec, opts ...Option) (*View, error) {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	var errs []error
	restricted := defaultZIP3
	if c.zip3Set {
		var err error
		if restricted, err = newZipSet(c.zip3); err != nil {
			errs = append(errs, err)
		}
	}
	if c.now == nil {
		c.now = time.Now
	}
	for _, name := range slices.Sorted(maps.Keys(c.transforms)) {
		switch {
		case isBuiltin(name):
			errs = append(errs, errors.New("minimize: transform "+strconv.Quote(name)+" is built in and cannot be replaced"))
		case c.transforms[name] == nil:
			errs = append(errs, errors.New("minimize: transform "+strconv.Quote(name)+" is nil"))
		}
	}
	if c.hashKeySet && len(c.hashKey) == 0 {
		errs = append(errs, errors.New("minimize: the hash key is empty"))
	}

	var untyped []item
	typed := map[string][]item{}
	add := func(it item) {
		typ, rest := splitType(it.segs)
		if typ == "Bundle" && reachesResources(rest) {
			errs = append(errs, errors.New("minimize: path "+strconv.Quote(it.path)+": a Bundle's resources are released by the paths of their own types (Observation.code), not through Bundle; name the entries' own elements (Bundle.entry[].fullUrl)"))
			return
		}
		it.segs = rest
		if typ == "" {
			untyped = append(untyped, it)
			return
		}
		typed[typ] = append(typed[typ], it)
	}
	for _, p := range s.Keep {
		segs, err := parsePath(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		add(item{path: p, segs: segs, keep: true})
	}
	for _, p := range slices.Sorted(maps.Keys(s.Transform)) {
		name := s.Transform[p]
		segs, err := parsePath(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tf, err := c.resolve(name, restricted)
		if err != nil {
			errs = append(errs, fmt.Errorf("minimize: path %q: %w", p, err))
			continue
		}
		if _, rest := splitType(segs); len(rest) == 0 {
			errs = append(errs, errors.New("minimize: path "+strconv.Quote(p)+": a whole resource cannot be transformed"))
			continue
		}
		add(item{path: p, segs: segs, name: name, tf: tf})
	}
	var lsegs []segment
	if s.Labels != "" {
		var err error
		if lsegs, err = parsePath(s.Labels); err != nil {
			errs = append(errs, err)
		}
	}
	v := &View{labels: lsegs, safeHarbor: s.SafeHarbor || c.safeHarbor, now: c.now}
	v.root, v.roots, errs = buildTries(untyped, typed, errs)
	if err := errors.Join(dedupe(errs)...); err != nil {
		return nil, err
	}
	v.number()
	return v, nil
}

// reachesResources reports whether rest, the part of a typed Bundle path
// after its type, releases or transforms the resources of the Bundle's
// entries: the Bundle whole, its entries whole, or anything under
// entry[].resource.
func reachesResources(rest []segment) bool {
	switch {
	case len(rest) == 0:
		return true
	case rest[0].key != "entry":
		return false
	case len(rest) == 1:
		return true
	}
	return rest[1].key == "resource"
}

// buildTries builds the trie of the untyped paths and, when typed paths
// exist, one trie per named resource type for a record of that type, with
// the tries of the entries of a Bundle hung under entry[].resource.
func buildTries(untyped []item, typed map[string][]item, errs []error) (*node, map[string]*node, []error) {
	if len(typed) == 0 {
		root, errs := build("", untyped, errs)
		return root, nil, errs
	}
	var inEntry []item
	for _, it := range untyped {
		if len(it.segs) >= 2 && it.segs[0] == entryResource[0] && it.segs[1] == entryResource[1] {
			c := it
			c.segs = it.segs[2:]
			inEntry = append(inEntry, c)
		}
	}
	marker := item{segs: entryResource, marker: true}
	entries := make(map[string]*node, len(typed))
	roots := make(map[string]*node, len(typed))
	for _, t := range slices.Sorted(maps.Keys(typed)) {
		entries[t], errs = build("entry[].resource", append(slices.Clip(inEntry), typed[t]...), errs)
	}
	for _, t := range slices.Sorted(maps.Keys(typed)) {
		roots[t], errs = build("", append(append(slices.Clip(untyped), typed[t]...), marker), errs)
		hang(roots[t], entries)
	}
	root, errs := build("", append(slices.Clip(untyped), marker), errs)
	hang(root, entries)
	return root, roots, errs
}

// hang sets the typed tries of a Bundle's entries under root's
// entry[].resource, and marks the nodes above as transforming when one of
// them transforms, so that no shape mismatch releases a subtree whole.
func hang(root *node, entries map[string]*node) {
	entry := root.fields["entry"]
	res := entry.elem.fields["resource"]
	res.byType = entries
	for _, e := range entries {
		if e.transformBelow {
			res.transformBelow, res.objTransform = true, true
			entry.elem.transformBelow, entry.elem.objTransform = true, true
			entry.transformBelow, entry.arrTransform = true, true
			root.transformBelow, root.objTransform = true, true
			return
		}
	}
}

// build makes the trie of items; pattern is the report form of its root.
func build(pattern string, items []item, errs []error) (*node, []error) {
	root := &node{pattern: pattern}
	for _, it := range items {
		n := root.insert(it.segs)
		switch {
		case it.marker:
		case it.keep:
			n.keep = true
		case n.keep:
			errs = append(errs, errors.New("minimize: path "+strconv.Quote(it.path)+" is both kept and transformed"))
		default:
			n.name, n.tf, n.drop, n.builtin = it.name, it.tf, it.name == transformDrop, isBuiltin(it.name)
		}
	}
	return root, root.finish(errs)
}

// dedupe drops repeated errors: a path is built into every typed trie.
func dedupe(errs []error) []error {
	seen := make(map[string]bool, len(errs))
	out := errs[:0]
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}

// resolve returns the transform called name.
func (c *config) resolve(name string, restricted *zipSet) (Transformer, error) {
	switch name {
	case transformMask:
		return maskT{}, nil
	case transformHash:
		if len(c.hashKey) == 0 {
			return nil, errors.New(`transform "hash" needs WithHashKey`)
		}
		return hashT{key: c.hashKey}, nil
	case transformYear:
		return yearT{}, nil
	case transformZIP3:
		if restricted == nil {
			restricted = &zipSet{}
		}
		return zip3T{restricted: restricted}, nil
	case transformAge:
		return ageT{}, nil
	case transformBirthYear:
		return birthYearT{now: c.now}, nil
	case transformDrop:
		return nil, nil
	}
	if t := c.transforms[name]; t != nil {
		return t, nil
	}
	return nil, errors.New("unknown transform " + strconv.Quote(name))
}

// insert adds the nodes of a path under n and returns the last one.
func (n *node) insert(segs []segment) *node {
	for _, s := range segs {
		fields, key := &n.fields, s.key
		if s.choice {
			fields, key = &n.choice, s.key+"[x]"
		}
		child := (*fields)[s.key]
		if child == nil {
			child = &node{key: s.key, pattern: key, literal: n.literal || s.choice}
			if n.pattern != "" {
				child.pattern = n.pattern + "." + key
			}
			if *fields == nil {
				*fields = map[string]*node{}
			}
			(*fields)[s.key] = child
		}
		n = child
		if s.array {
			if n.elem == nil {
				n.elem = &node{pattern: n.pattern + "[]", literal: n.literal}
			}
			n = n.elem
		}
	}
	return n
}

// child returns the node of key k under n: a field, or the choice type k
// belongs to; nil when the view names neither.
func (n *node) child(k string) *node {
	if c := n.fields[k]; c != nil {
		return c
	}
	for _, c := range n.choices {
		if matchesChoice(k, c.key) {
			return c
		}
	}
	return nil
}

// finish sorts children, marks the nodes above transforms and reports
// transformed paths that have paths under them.
func (n *node) finish(errs []error) []error {
	for _, k := range slices.Sorted(maps.Keys(n.fields)) {
		n.kids = append(n.kids, n.fields[k])
	}
	for _, k := range slices.Sorted(maps.Keys(n.choice)) {
		n.choices = append(n.choices, n.choice[k])
	}
	children := append(slices.Clip(n.kids), n.choices...)
	if n.elem != nil {
		children = append(children, n.elem)
	}
	for _, c := range children {
		errs = c.finish(errs)
		if c.name != "" || c.transformBelow {
			n.transformBelow = true
			if c == n.elem {
				n.arrTransform = true
			} else {
				n.objTransform = true
			}
		}
	}
	if n.name != "" && len(children) > 0 {
		errs = append(errs, errors.New("minimize: path "+strconv.Quote(n.pattern)+" is transformed and has paths under it"))
	}
	return errs
}
