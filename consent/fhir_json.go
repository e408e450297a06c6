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
// rest reports any member nobody took.
type object struct {
	path string
	m    map[string]json.RawMessage
}

// decodeObject reads raw as a JSON object.
func decodeObject(raw json.RawMessage, path string) (*object, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, &FHIRError{Path: path, Msg: "want a JSON object"}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, &FHIRError{Path: path, Msg: "want a JSON object: " + jsonReason(err)}
	}
	return &object{path: path, m: m}, nil
}

// has reports whether the object has the member.
func (o *object) has(name string) bool {
	_, ok := o.m[name]
	return ok
}

// take removes and returns a member.
func (o *object) take(name string) (json.RawMessage, bool) {
	raw, ok := o.m[name]
	if ok {
		delete(o.m, name)
	}
	return raw, ok
}

// str takes a member that must be a non-empty JSON string.
func (o *object) str(name string) (string, bool, error) {
	raw, ok := o.take(name)
	if !ok {
		return "", false, nil
	}
	s, err := decodeString(raw, joinPath(o.path, name))
	return s, true, err
}

// obj takes a member that must be a JSON object.
func (o *object) obj(name string) (*object, bool, error) {
	raw, ok := o.take(name)
	if !ok {
		return nil, false, nil
	}
	sub, err := decodeObject(raw, joinPath(o.path, name))
	return sub, true, err
}

// arr takes a member that must be a JSON array.
func (o *object) arr(name string) ([]json.RawMessage, error) {
	raw, ok := o.take(name)
	if !ok {
		return nil, nil
	}
	return decodeArray(raw, joinPath(o.path, name))
}

// rest refuses the members nobody took, naming the first in order.
func (o *object) rest() error {
	if len(o.m) == 0 {
		return nil
	}
	return &FHIRError{Path: joinPath(o.path, sortedKeys(o.m)[0]), Msg: "not supported here"}
}

// decodeString reads raw as a non-empty JSON string.
func decodeString(raw json.RawMessage, path string) (string, error) {
	raw = bytes.TrimSpace(raw)
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", &FHIRError{Path: path, Msg: "want a string"}
	}
	if s == "" {
		return "", &FHIRError{Path: path, Msg: "empty string"}
	}
	return s, nil
}

// decodeArray reads raw as a JSON array.
func decodeArray(raw json.RawMessage, path string) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	var xs []json.RawMessage
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &xs) != nil {
		return nil, &FHIRError{Path: path, Msg: "want an array"}
	}
	return xs, nil
}

// compact returns raw without insignificant white space.
func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return bytes.Clone(raw) // unreachable: the document was checked
	}
	return b.Bytes()
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
