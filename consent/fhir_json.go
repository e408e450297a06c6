package consent

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// checkJSON walks the document once before it is decoded and refuses what
// encoding/json would otherwise accept silently: invalid UTF-8, a member
// given twice in one object (where parsers disagree on which one counts),
// null outside an array (FHIR JSON has no null values), and nesting deeper
// than maxJSONDepth.
func checkJSON(data []byte) error {
	if !utf8.Valid(data) {
		return &FHIRError{Msg: "the document is not valid UTF-8"}
	}
	type frame struct {
		obj       bool
		expectKey bool
		keys      map[string]struct{}
		key       string
		idx       int
		path      string
	}
	var st []frame
	child := func() string {
		if len(st) == 0 {
			return ""
		}
		f := &st[len(st)-1]
		if f.obj {
			return joinPath(f.path, f.key)
		}
		return f.path + "[" + strconv.Itoa(f.idx) + "]"
	}
	done := func() {
		if len(st) == 0 {
			return
		}
		f := &st[len(st)-1]
		if f.obj {
			f.expectKey = true
		} else {
			f.idx++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	values := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &FHIRError{Path: child(), Msg: "not valid JSON: " + jsonReason(err)}
		}
		if len(st) == 0 {
			if values++; values > 1 {
				return &FHIRError{Msg: "not valid JSON: data after the resource"}
			}
		}
		if n := len(st); n > 0 && st[n-1].obj && st[n-1].expectKey {
			f := &st[n-1]
			if d, ok := tok.(json.Delim); ok && d == '}' {
				st = st[:n-1]
				done()
				continue
			}
			key, _ := tok.(string)
			if _, dup := f.keys[key]; dup {
				return &FHIRError{Path: joinPath(f.path, key), Msg: "the member is given more than once"}
			}
			f.keys[key] = struct{}{}
			f.key, f.expectKey = key, false
			continue
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(st) >= maxJSONDepth {
					return &FHIRError{Path: child(), Msg: "JSON nested deeper than " + strconv.Itoa(maxJSONDepth) + " levels", Err: ErrTooLarge}
				}
				f := frame{obj: t == '{', expectKey: t == '{', path: child()}
				if f.obj {
					f.keys = map[string]struct{}{}
				}
				st = append(st, f)
			default: // ']'; '}' is handled with the keys
				st = st[:len(st)-1]
				done()
			}
		case nil:
			if len(st) == 0 || st[len(st)-1].obj {
				return &FHIRError{Path: child(), Msg: "null is not a FHIR value"}
			}
			done()
		default:
			done()
		}
	}
	return nil
}

// jsonReason returns the part of an encoding/json error worth showing: its
// kind, never a quote of the input.
func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Error() + " at byte " + strconv.FormatInt(se.Offset, 10)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of the document"
	}
	return "malformed"
}

// joinPath appends a member name to a path.
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// indexPath appends an array index to a path.
func indexPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// object is a JSON object being read: members are taken one by one, and
// rest reports any member nobody took. A member's value is either still
// raw (json.RawMessage, at the top level, where elements are kept as they
// are) or already decoded (string, json.Number, bool, []any,
// map[string]any, in the provision tree, which is decoded once).
type object struct {
	path string
	m    map[string]any
}

// decodeObject reads v as a JSON object.
func decodeObject(v any, path string) (*object, error) {
	switch x := v.(type) {
	case map[string]any:
		return &object{path: path, m: x}, nil
	case json.RawMessage:
		raw := bytes.TrimSpace(x)
		var m map[string]json.RawMessage
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
			break
		}
		o := &object{path: path, m: make(map[string]any, len(m))}
		for k, r := range m {
			o.m[k] = r
		}
		return o, nil
	}
	return nil, &FHIRError{Path: path, Msg: "want a JSON object"}
}

// decodeTree decodes a raw value whole, once.
func decodeTree(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// has reports whether the object has the member.
func (o *object) has(name string) bool {
	_, ok := o.m[name]
	return ok
}

// take removes and returns a member.
func (o *object) take(name string) (any, bool) {
	v, ok := o.m[name]
	if ok {
		delete(o.m, name)
	}
	return v, ok
}

// str takes a member that must be a non-empty JSON string.
func (o *object) str(name string) (string, bool, error) {
	v, ok := o.take(name)
	if !ok {
		return "", false, nil
	}
	s, err := decodeString(v, joinPath(o.path, name))
	return s, true, err
}

// obj takes a member that must be a JSON object.
func (o *object) obj(name string) (*object, bool, error) {
	v, ok := o.take(name)
	if !ok {
		return nil, false, nil
	}
	sub, err := decodeObject(v, joinPath(o.path, name))
	return sub, true, err
}

// arr takes a member that must be a JSON array.
func (o *object) arr(name string) ([]any, error) {
	v, ok := o.take(name)
	if !ok {
		return nil, nil
	}
	return decodeArray(v, joinPath(o.path, name))
}

// rest refuses the members nobody took, naming the first in order.
func (o *object) rest() error {
	if len(o.m) == 0 {
		return nil
	}
	return &FHIRError{Path: joinPath(o.path, sortedKeys(o.m)[0]), Msg: "not supported: the model cannot carry it, and it is refused rather than dropped"}
}

// decodeString reads v as a non-empty JSON string.
func decodeString(v any, path string) (string, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.RawMessage:
		raw := bytes.TrimSpace(x)
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return "", &FHIRError{Path: path, Msg: "want a string"}
		}
	default:
		return "", &FHIRError{Path: path, Msg: "want a string"}
	}
	if s == "" {
		return "", &FHIRError{Path: path, Msg: "empty string"}
	}
	return s, nil
}

// decodeArray reads v as a JSON array.
func decodeArray(v any, path string) ([]any, error) {
	switch x := v.(type) {
	case []any:
		return x, nil
	case json.RawMessage:
		raw := bytes.TrimSpace(x)
		var xs []json.RawMessage
		if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &xs) != nil {
			break
		}
		out := make([]any, len(xs))
		for i, r := range xs {
			out[i] = r
		}
		return out, nil
	}
	return nil, &FHIRError{Path: path, Msg: "want an array"}
}

// firstByte returns the first byte of a raw value, which tells its JSON
// type, or 0.
func firstByte(v any) byte {
	raw, _ := v.(json.RawMessage)
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// compact returns v as JSON without insignificant white space.
func compact(v any) json.RawMessage {
	if raw, ok := v.(json.RawMessage); ok {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err == nil {
			return b.Bytes()
		}
	}
	b, _ := marshalJSON(v)
	return b
}

// quoteCode quotes a code from the document for an error message, cut to
// a length that cannot carry a record.
func quoteCode(s string) string {
	const max = 40
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strconv.Quote(s)
}
