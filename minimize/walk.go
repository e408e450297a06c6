package minimize

// object returns what of m, the object at node n, the view releases, or nil.
func (w *walker) object(n *node, keep bool, m map[string]any) map[string]any {
	if w.err != nil {
		return nil
	}
	var out map[string]any
	switch {
	case !keep:
		if n == nil {
			return nil
		}
		for _, c := range n.kids {
			if x, ok := m[c.key]; ok {
				w.field(&out, c, false, c.key, x, len(n.kids))
			}
		}
	case n != nil && n.arrTransform:
		// The view transforms elements of an array here; releasing an
		// object whole would skip those transforms.
		return nil
	case n != nil && len(n.kids) > 0:
		for _, c := range n.kids {
			if x, ok := m[c.key]; ok {
				w.field(&out, c, true, c.key, x, len(m))
			}
		}
		for k, x := range m {
			if n.fields[k] == nil {
				w.field(&out, nil, true, k, x, len(m))
			}
		}
	default:
		for k, x := range m {
			w.field(&out, nil, true, k, x, len(m))
		}
	}
	return out
}

// field releases x, the value of key k, into *out (made on first use).
func (w *walker) field(out *map[string]any, c *node, keep bool, k string, x any, size int) {
	mark := len(w.buf)
	if mark > 0 {
		w.buf = append(w.buf, '.')
	}
	w.buf = append(w.buf, k...)
	if len(w.withheld) > 0 {
		if xm, ok := x.(map[string]any); ok && w.labelled(xm) {
			w.note(&w.removed, c)
			w.buf = w.buf[:mark]
			return
		}
	}
	r, ok := w.value(c, keep, x)
	w.buf = w.buf[:mark]
	if ok && w.err == nil {
		if *out == nil {
			*out = make(map[string]any, size)
		}
		(*out)[k] = r
	}
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
	if !keep && en == nil || w.err != nil {
		return nil
	}
	mark := len(w.buf)
	w.buf = append(w.buf, "[]"...)
	var out []any
	for _, e := range a {
		if len(w.withheld) > 0 {
			if em, ok := e.(map[string]any); ok && w.elementWithheld(em) {
				w.note(&w.removed, en)
				continue
			}
		}
		r, ok := w.value(en, keep, e)
		if w.err != nil {
			break
		}
		if ok {
			if out == nil {
				out = make([]any, 0, len(a))
			}
			out = append(out, r)
		}
	}
	w.buf = w.buf[:mark]
	return out
}

// labelled reports whether m carries a withheld label.
func (w *walker) labelled(m map[string]any) bool {
	return w.labelsAt(m, w.v.labels)
}

// elementWithheld reports whether an array element is removed: it, or an
// object directly under one of its keys (a Bundle entry's resource), carries
// a withheld label.
func (w *walker) elementWithheld(m map[string]any) bool {
	if w.labelled(m) {
		return true
	}
	for _, x := range m {
		if cm, ok := x.(map[string]any); ok && w.labelled(cm) {
			return true
		}
	}
	return false
}

// labelsAt follows segs from x and reports whether a label found there is
// withheld.
func (w *walker) labelsAt(x any, segs []segment) bool {
	for i, s := range segs {
		m, ok := x.(map[string]any)
		if !ok {
			return false
		}
		if x, ok = m[s.key]; !ok {
			return false
		}
		if s.array {
			a, _ := x.([]any)
			for _, e := range a {
				if w.labelsAt(e, segs[i+1:]) {
					return true
				}
			}
			return false
		}
	}
	switch l := x.(type) {
	case string:
		return w.isWithheld(l)
	case []any:
		for _, e := range l {
			if s, ok := e.(string); ok && w.isWithheld(s) {
				return true
			}
		}
	}
	return false
}

func (w *walker) isWithheld(label string) bool {
	for _, c := range w.withheld {
		if c == label {
			return true
		}
	}
	return false
}
