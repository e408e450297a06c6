package minimize

import (
	"errors"

	"github.com/custodianhq/custodian/internal/jsonv"
)

var (
	errPanic        = errors.New("minimize: transform panicked")
	errResultType   = errors.New("minimize: transform returned a value that is not JSON-like")
	errTransformMap = &valueError{"expects a value or an array of values, got an object"}
)

// transform releases x, the value at the transformed node n: a leaf, or each
// leaf of an array. It fails the walk on anything else.
func (w *walker) transform(n *node, x any) (any, bool) {
	switch t := x.(type) {
	case nil:
		return nil, false
	case map[string]any:
		w.fail(n, errTransformMap)
		return nil, false
	case []any:
		ext := w.ext // the primitive extensions of t's elements
		w.ext = nil
		var out []any
		for i, e := range t {
			if e == nil {
				continue
			}
			if i < len(ext) && w.extensionWithheld(ext[i]) {
				w.noteElement(kindRemoved)
				continue
			}
			if !isLeaf(e) {
				w.fail(n, errNotLeaf)
				return nil, false
			}
			r, ok := w.call(n, e)
			if !ok {
				return nil, false
			}
			if r != nil && r != over89 {
				if out == nil {
					out = make([]any, 0, len(t))
				}
				out = append(out, r)
			}
		}
		if out == nil {
			return nil, false
		}
		w.note(kindTransformed, n)
		return out, true
	}
	if !isLeaf(x) {
		w.fail(n, errNotLeaf)
		return nil, false
	}
	r, ok := w.call(n, x)
	if !ok || r == nil {
		return nil, false
	}
	w.note(kindTransformed, n)
	return r, true
}

// call runs n's transform on one leaf, turning a panic into an error, and
// copies the result so that nothing the transform holds leaks into it.
func (w *walker) call(n *node, v any) (r any, ok bool) {
	if w.v.safeHarbor && w.age.role&roleNumber != 0 {
		// An age over 89 is aggregated, whatever the transform would
		// make of it.
		if y, ok := w.leafYears(v); ok && y > 89 {
			return over89, true
		}
	}
	if n.builtin {
		// A built-in transform returns a leaf or the aggregate, and does
		// not panic: no recover, no copy.
		r, err := n.tf.Transform(v)
		if err != nil {
			return w.failed(n, v, err)
		}
		return r, true
	}
	defer func() {
		if p := recover(); p != nil {
			w.fail(n, errPanic)
			r, ok = nil, false
		}
	}()
	r, err := n.tf.Transform(v)
	if err != nil {
		return w.failed(n, v, err)
	}
	if r == over89 {
		return r, true
	}
	if r, ok = jsonv.Copy(r, MaxDepth, isLeaf); !ok {
		w.fail(n, errResultType)
		return nil, false
	}
	if _, isString := r.(string); isString && w.v.safeHarbor {
		// A Safe Harbor view holds a host transform's text to its rules:
		// a date goes to its year.
		var kind uint8
		if r, kind = w.safeDate(n, r); kind == 0 {
			return nil, true
		}
	}
	return r, true
}

// failed handles the error of a transform of v: in a Safe Harbor view a
// date the Safe Harbor rules read (a time after a space) goes to its year,
// and a date that is not one goes, and is reported, and the rest of the
// record, the rest of the Bundle, is still released; anything else fails
// the walk.
func (w *walker) failed(n *node, v any, err error) (any, bool) {
	if w.v.safeHarbor && (n.name == transformYear || n.name == transformBirthYear) && errors.Is(err, ErrUnsupportedValue) {
		if r, ok := w.harborTransform(n, v); ok {
			return r, true
		}
		w.note(kindMalformed, n)
		return nil, true
	}
	w.fail(n, err)
	return nil, false
}

func (w *walker) fail(n *node, err error) {
	if w.err == nil {
		w.err = &TransformError{Path: n.pattern, Transform: n.name, Err: err}
	}
}

// noteElement records, under kind, the elements of the array at the
// current position.
func (w *walker) noteElement(kind uint8) {
	mark, h := len(w.buf), w.h
	w.buf, w.h = append(w.buf, "[]"...), mixElem(h)
	w.note(kind, nil)
	w.buf, w.h = w.buf[:mark], h
}
