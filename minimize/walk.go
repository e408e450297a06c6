package minimize

// object returns what of m, the object at node n, the view releases, or nil.
func (w *walker) object(n *node, keep bool, m map[string]any) map[string]any {
	if w.err != nil || !w.enter() {
		return nil
	}
	defer w.leave()
	if n != nil && n.byType != nil {
		if t, ok := m["resourceType"].(string); ok {
			if tn := n.byType[t]; tn != nil {
				n, keep = tn, keep || tn.keep
			}
		}
	}
	prim := w.hold.any && hasPrimitiveExtension(m)
	var out map[string]any
	switch {
	case !keep:
		if n == nil {
			return nil
		}
		for _, c := range n.kids {
			if x, ok := m[c.key]; ok {
				w.field(&out, m, prim, c, false, c.key, x, len(n.kids))
			}
		}
		if len(n.choices) > 0 {
			for k, x := range m {
				if n.fields[k] == nil {
					if c := n.child(k); c != nil {
						w.field(&out, m, prim, c, false, k, x, len(n.kids))
					}
				}
			}
		}
	case n != nil && n.arrTransform:
		// The view transforms elements of an array here; releasing an
		// object whole would skip those transforms.
		return nil
	case n != nil && (len(n.kids) > 0 || len(n.choices) > 0):
		for _, c := range n.kids {
			if x, ok := m[c.key]; ok {
				w.field(&out, m, prim, c, true, c.key, x, len(m))
			}
		}
		for k, x := range m {
			if n.fields[k] == nil {
				c := n.child(k)
				if c == nil && w.unnamed(k) {
					continue
				}
				w.field(&out, m, prim, c, true, k, x, len(m))
			}
		}
	default:
		for k, x := range m {
			if !w.unnamed(k) {
				w.field(&out, m, prim, nil, true, k, x, len(m))
			}
		}
	}
	if w.v.safeHarbor && out != nil && w.err == nil {
		w.ages(m, out)
	}
	return out
}

// unnamed reports whether key k, which no path names, stays home although
// it lies under a kept path: extensions, primitive extensions ("_name")
// and contained resources (except in [Full], and inside an extension a
// path names), and free text in a Safe Harbor view.
func (w *walker) unnamed(k string) bool {
	if !w.v.whole && !w.inExtension && (isExtensionKey(k) || k == "contained") {
		return true
	}
	return w.v.safeHarbor && freeText[k]
}

// isExtensionKey reports whether k holds extensions: extension,
// modifierExtension, or a primitive's "_name".
func isExtensionKey(k string) bool {
	return k == "extension" || k == "modifierExtension" || k != "" && k[0] == '_'
}

// hasPrimitiveExtension reports whether m holds a primitive's extension,
// "_name", which may carry an inline label.
func hasPrimitiveExtension(m map[string]any) bool {
	for k := range m {
		if k != "" && k[0] == '_' {
			return true
		}
	}
	return false
}

// field releases x, the value of key k of m, into *out (made on first use).
func (w *walker) field(out *map[string]any, m map[string]any, prim bool, c *node, keep bool, k string, x any, size int) {
	mark := len(w.buf)
	if mark > 0 {
		w.buf = append(w.buf, '.')
	}
	w.buf = append(w.buf, k...)
	inExtension := w.inExtension
	defer func() { w.buf, w.inExtension = w.buf[:mark], inExtension }()
	if c != nil && isExtensionKey(c.key) {
		// A path names this extension: what it holds, nested extensions
		// included, goes with it.
		w.inExtension = true
	}
	x = w.normalize(x)
	if w.err != nil {
		return
	}
	if w.hold.any {
		if xm, ok := x.(map[string]any); ok && w.labelled(xm) || prim && w.primitiveWithheld(m, k) {
			w.note(&w.removed, c)
			return
		}
	}
	w.key = k
	r, ok := w.value(c, keep, x)
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
	if !keep && en == nil || w.err != nil || !w.enter() {
		return nil
	}
	defer w.leave()
	top := len(a) > 0 && len(w.entries) > 0 && &a[0] == &w.entries[0]
	key := w.key
	mark := len(w.buf)
	w.buf = append(w.buf, "[]"...)
	var out []any
	for _, e := range a {
		if e = w.normalize(e); w.err != nil {
			break
		}
		if w.hold.any {
			if em, ok := e.(map[string]any); ok && w.elementWithheld(em) {
				w.note(&w.removed, en)
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
				out = make([]any, 0, len(a))
			}
			out = append(out, r)
		} else if top {
			w.gone = append(w.gone, e)
		}
	}
	w.buf = w.buf[:mark]
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
