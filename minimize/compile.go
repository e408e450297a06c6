package minimize

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"time"
)

// View is a compiled [Spec]: a trie of the paths it keeps and transforms.
// A View is immutable and safe for concurrent use; compile it once and apply
// it to many records.
type View struct {
	root   *node
	labels []segment // where an element's labels are, relative to it
}

// node is one position of the trie: the value under a key (or an array's
// elements). Every field is set by Compile and only read afterwards.
type node struct {
	key     string
	pattern string           // report form, e.g. "entry[].resource.code"
	fields  map[string]*node // children when the value is an object
	kids    []*node          // fields sorted by key, for a deterministic walk
	elem    *node            // the elements when the value is an array

	keep bool        // release the whole value under this node
	name string      // the transform's name, "" when none
	tf   Transformer // the transform, nil when none or "drop"
	drop bool        // the "drop" transform: never release

	transformBelow bool // a strict descendant is transformed
	objTransform   bool // ... through fields: the value must be an object
	arrTransform   bool // ... through elem: the value must be an array
}

// defaultLabels is where FHIR resources carry their security labels.
const defaultLabels = "meta.security[].code"

// Compile checks s and builds its [View]. It reports every problem it finds
// at once (errors.Join): malformed paths as [*PathError], unknown
// transforms, a path both kept and transformed, a transformed path with
// paths under it, "hash" without [WithHashKey], invalid options.
func Compile(s Spec, opts ...Option) (*View, error) {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	var errs []error
	restricted, err := newZipSet(ZIP3Census2000)
	if c.zip3Set {
		restricted, err = newZipSet(c.zip3)
	}
	if err != nil {
		errs = append(errs, err)
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

	root := &node{}
	for _, p := range s.Keep {
		segs, err := parsePath(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		root.insert(segs).keep = true
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
			errs = append(errs, errors.New("minimize: path "+strconv.Quote(p)+": "+err.Error()))
			continue
		}
		n := root.insert(segs)
		if n.keep {
			errs = append(errs, errors.New("minimize: path "+strconv.Quote(p)+" is both kept and transformed"))
			continue
		}
		n.name, n.tf, n.drop = name, tf, name == transformDrop
	}
	labels := s.Labels
	if labels == "" {
		labels = defaultLabels
	}
	lsegs, err := parsePath(labels)
	if err != nil {
		errs = append(errs, err)
	}
	errs = root.finish(errs)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &View{root: root, labels: lsegs}, nil
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
		child := n.fields[s.key]
		if child == nil {
			child = &node{key: s.key, pattern: s.key}
			if n.pattern != "" {
				child.pattern = n.pattern + "." + s.key
			}
			if n.fields == nil {
				n.fields = map[string]*node{}
			}
			n.fields[s.key] = child
		}
		n = child
		if s.array {
			if n.elem == nil {
				n.elem = &node{pattern: n.pattern + "[]"}
			}
			n = n.elem
		}
	}
	return n
}

// finish sorts children, marks the nodes above transforms and reports
// transformed paths that have paths under them. It returns whether n or a
// descendant is transformed.
func (n *node) finish(errs []error) []error {
	for _, k := range slices.Sorted(maps.Keys(n.fields)) {
		n.kids = append(n.kids, n.fields[k])
	}
	children := n.kids
	if n.elem != nil {
		children = append(slices.Clip(children), n.elem)
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
