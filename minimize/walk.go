package minimize

// object returns what of m, the object at node n, the view releases, or nil.
// Each way of walking an object's keys is a function of its own, so that a
// frame of the recursion holds one map iterator, not three.
func (w *walker) object(n *node, keep bool, m map[string]any) map[string]any {
	if w.err != nil || !w.enter(len(m)) {
		return nil
	}
	defer w.leave()
	if n != nil && n.byType != nil {
		if t, ok := text(m["resourceType"]); ok {
			if tn := n.byType[t]; tn != nil {
				n, keep = tn, keep || tn.keep
			}
		}
	}
	if !keep && n == nil || keep && n != nil && n.arrTransform {
		// Nothing named here; or the view transforms elements of an
		// array here, and releasing an object whole would skip them.
		return nil
	}
	gone := len(w.gone)
	var out map[string]any
	switch {
	case !keep:
		out = w.named(n, m)
	case n != nil && (len(n.kids) > 0 || len(n.choices) > 0):
		out = w.kept(n, m)
	default:
		out = w.whole(m)
	}
	if len(w.gone) > gone {
		// m is a Bundle whose entries did not all go.
		if out != nil && w.err == nil {
			w.prune(out, w.gone[gone:])
		}
		clear(w.gone[gone:])
		w.gone = w.gone[:gone]
	}
	return out
}

// prune makes out, the Bundle released at the current position, say
// nothing of its entries that did not go (see PruneBundle), and reports
// the references it removes.
func (w *walker) prune(out map[string]any, gone []any) {
	var refs []string
	for _, e := range gone {
		if em, ok := e.(map[string]any); ok {
			refs = append(refs, EntryReferences(em)...)
		}
	}
	pruned, err := PruneBundle(out, refs)
	if err != nil {
		w.failAt(err)
		return
	}
	for _, p := range pruned {
		if len(w.buf) > 0 {
			p = string(w.buf) + "." + p
		}
		w.noteString(kindRemoved, p)
	}
}

// named releases the keys of m that node n names, outside a kept subtree.
func (w *walker) named(n *node, m map[string]any) map[string]any {
	// A view names a few keys of many: a small map grows if it must, a
	// large hint would allocate a table for each object.
	size := min(len(n.kids)+len(n.choices), len(m), 8)
	var out map[string]any
	for _, c := range n.kids {
		if x, ok := m[c.key]; ok {
			w.field(&out, m, c, false, c.key, x, size)
		}
	}
	if len(n.choices) > 0 {
		for k, x := range m {
			if n.fields[k] == nil {
				if c := n.child(k); c != nil {
					w.field(&out, m, c, false, k, x, size)
				}
			}
		}
	}
	return out
}

// kept releases the keys of m, kept at node n, which names some of them
// for transforms or deeper paths.
func (w *walker) kept(n *node, m map[string]any) map[string]any {
	var out map[string]any
	for _, c := range n.kids {
		if x, ok := m[c.key]; ok {
			w.field(&out, m, c, true, c.key, x, len(m))
		}
	}
	for k, x := range m {
		if n.fields[k] == nil {
			c := n.child(k)
			if c == nil && w.unnamed(k, m) {
				continue
			}
			w.field(&out, m, c, true, k, x, len(m))
		}
	}
	return out
}

// whole releases the keys of m, kept off the trie.
func (w *walker) whole(m map[string]any) map[string]any {
	var out map[string]any
	for k, x := range m {
		if !w.unnamed(k, m) {
			w.field(&out, m, nil, true, k, x, len(m))
		}
	}
	return out
}

// unnamed reports whether key k of m, which no path names, stays home
// although it lies under a kept path: extensions, primitive extensions
// ("_name") and contained resources (except in [Full], and inside an
// extension a path names); and in a Safe Harbor view free text and the id
// of an element below the resource (m has no resourceType), which may be
// anything.
func (w *walker) unnamed(k string, m map[string]any) bool {
	if !w.v.whole && !w.inExtension && (isExtensionKey(k) || k == "contained") {
		return true
	}
	if !w.v.safeHarbor {
		return false
	}
	if k == "id" {
		_, resource := m["resourceType"]
		return !resource
	}
	// An extension's url names its definition, not a person.
	return freeText(k) || identifying(k) && !(k == "url" && w.inExtension)
}

// isExtensionKey reports whether k holds extensions: extension,
// modifierExtension, or a primitive's "_name".
func isExtensionKey(k string) bool {
	return k == "extension" || k == "modifierExtension" || k != "" && k[0] == '_'
}

// field releases x, the value of key k of m, into *out (made on first
// use): nothing when it is labelled with a withheld category.
func (w *walker) field(out *map[string]any, m map[string]any, c *node, keep bool, k string, x any, size int) {
	mark, h := len(w.buf), w.h
	if mark > 0 {
		w.buf = append(w.buf, '.')
	}
	w.buf = append(w.buf, k...)
	if c != nil && !c.literal {
		w.h = seed(c)
	} else {
		w.h = mixKey(h, k)
	}
	r, ok := w.fieldValue(m, c, keep, k, x)
	w.buf, w.h = w.buf[:mark], h
	if !ok || w.err != nil {
		return
	}
	if *out == nil {
		*out = make(map[string]any, size)
	}
	if r == over89 {
		(*out)["_"+k] = ageExtension()
		return
	}
	(*out)[k] = r
}

// fieldValue returns what of x, the value of key k of m, the view
// releases: nothing when it is labelled with a withheld category.
func (w *walker) fieldValue(m map[string]any, c *node, keep bool, k string, x any) (any, bool) {
	if x = w.normalize(x); w.err != nil {
		return nil, false
	}
	if w.hold.any {
		withheld := false
		if xm, ok := x.(map[string]any); ok && w.labelled(xm) {
			withheld = true
		} else {
			withheld, w.ext = w.primitiveWithheld(m, k, x)
		}
		if withheld {
			w.note(kindRemoved, c)
			return nil, false
		}
	}
	w.key = k
	if k == "entry" {
		if _, isArray := x.([]any); isArray {
			t, _ := text(m["resourceType"])
			w.entries = t == "Bundle"
		}
	}
	var outer ageCtx
	if w.v.safeHarbor {
		outer, w.age = w.age, w.ageOf(m, k, x)
	}
	var r any
	var ok bool
	if c != nil && isExtensionKey(c.key) && !w.inExtension {
		// A path names this extension: what it holds, nested extensions
		// included, goes with it.
		w.inExtension = true
		r, ok = w.value(c, keep, x)
		w.inExtension = false
	} else {
		r, ok = w.value(c, keep, x)
	}
	// Not taken by an array: x went some other way.
	w.ext, w.entries = nil, false
	w.age = outer
	return r, ok
}

// array returns what of a, the array at node n, the view releases, or nil.
func (w *walker) array(n *node, keep bool, a []any) []any {
	var en *node
	if n != nil {
		en = n.elem
		if keep && n.objTransform {
			// The view transforms fields of an object here; releasing an
			// array whole would skip those transforms.
			return nil
		}
	}
	if !keep && en == nil || w.err != nil || !w.enter(len(a)) {
		return nil
	}
	defer w.leave()
	top := w.entries // a holds a Bundle's entries
	w.entries = false
	ext := w.ext // the primitive extensions of a's elements, aligned with them
	w.ext = nil
	key := w.key
	mark := len(w.buf)
	w.buf = append(w.buf, "[]"...)
	h := w.h
	elem := mixElem(h)
	if en != nil && !en.literal {
		elem = seed(en)
	}
	var out []any
	for i, e := range a {
		w.h = elem
		if e = w.normalize(e); w.err != nil {
			break
		}
		if w.hold.any {
			if em, ok := e.(map[string]any); ok && w.elementWithheld(em) || i < len(ext) && w.extensionWithheld(ext[i]) {
				w.note(kindRemoved, en)
				if top {
					w.gone = append(w.gone, e)
				}
				continue
			}
		}
		w.key = key
		r, ok := w.value(en, keep, e)
		if w.err != nil {
			break
		}
		if ok && top && w.v.roots != nil && !releasesResource(e, r) {
			// A typed view releases no resource of this type: its
			// fullUrl alone would betray the entry.
			ok = false
		}
		if ok && r != over89 {
			if out == nil {
				out = w.slice(len(a))
			}
			out = append(out, r)
		} else if top {
			w.gone = append(w.gone, e)
		}
	}
	w.buf, w.h = w.buf[:mark], h
	return out
}

// releasesResource reports whether r, what a view releases of a Bundle
// entry e, holds the entry's resource, when e has one.
func releasesResource(e, r any) bool {
	em, _ := e.(map[string]any)
	if _, has := em["resource"]; !has {
		return true
	}
	rm, _ := r.(map[string]any)
	_, ok := rm["resource"]
	return ok
}

// Slabs hold the elements of the small arrays an Apply releases: the
// first holds firstSlab of them, each next one twice as many as the one
// before, up to maxSlab; a small record does not pay for a large slab.
const (
	firstSlab = 32
	maxSlab   = 256
)

// slice returns an empty slice of capacity n for a released array, carved
// from a slab shared by the small arrays of one Apply: one allocation for
// many arrays. Its capacity ends where the next array's begins, so that an
// append by the caller reallocates rather than overwrite a neighbour.
func (w *walker) slice(n int) []any {
	if n > firstSlab/4 {
		return make([]any, 0, n)
	}
	if cap(w.slab)-len(w.slab) < n {
		w.slab = make([]any, 0, min(max(2*cap(w.slab), firstSlab), maxSlab))
	}
	i := len(w.slab)
	w.slab = w.slab[:i+n]
	return w.slab[i : i : i+n]
}
