package minimize

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
)

// MaxDepth is how deeply objects and arrays may nest in a record. Every
// walk (Apply, the label checks, [PruneBundle], the copy of a transform's
// result and of Go values) stops there with an error wrapping
// [ErrTooDeep]: a Go map that contains itself, or hostile nesting, costs at
// most MaxDepth levels of work and memory, never a hang. FHIR resources
// nest about fifteen levels deep, Bundles of them about twenty.
const MaxDepth = 128

// ErrTooDeep is matched (errors.Is) by the error of a walk that met a
// record nested deeper than [MaxDepth].
var ErrTooDeep = errors.New("minimize: record nested deeper than MaxDepth (a cycle?)")

// MaxValues is how many values (object fields and array elements, counted
// each time the walk meets them) one [View.Apply], or one [PruneBundle],
// may visit. A record of Go maps and slices may hold one subtree under
// many keys: forty levels of maps whose two keys share their child are
// forty maps in memory and 2^40 values to walk. The walk stops there with
// an error wrapping [ErrTooLarge]. A FHIR Bundle of a thousand resources
// holds a few hundred thousand values.
const MaxValues = 8_000_000

// maxValues is MaxValues, lowered by tests.
var maxValues = MaxValues

// ErrTooLarge is matched (errors.Is) by the error of a walk that visited
// more than [MaxValues] values.
var ErrTooLarge = errors.New("minimize: record holds more than MaxValues values (a shared subtree?)")

// pathError names where in a record a walk failed, by pattern.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string {
	p := e.path
	if len(p) > 200 {
		p = p[:200] + "..."
	}
	return "minimize: path " + strconv.Quote(p) + ": " + e.err.Error()
}

func (e *pathError) Unwrap() error { return e.err }

// enter goes one level down, into an object or array of n values; at
// MaxDepth, or past MaxValues values in all, it fails the walk.
func (w *walker) enter(n int) bool {
	if w.depth >= MaxDepth {
		w.failAt(ErrTooDeep)
		return false
	}
	if w.visited += n; w.visited > maxValues {
		w.failAt(ErrTooLarge)
		return false
	}
	w.depth++
	return true
}

func (w *walker) leave() { w.depth-- }

// failAt fails the walk at the current position.
func (w *walker) failAt(err error) {
	if w.err == nil {
		w.err = &pathError{path: string(w.buf), err: err}
	}
}

// normalize returns x as JSON-like values: Go slices, arrays, maps with
// string keys and pointers are converted as encoding/json would encode
// them; any other Go type fails the walk.
func (w *walker) normalize(x any) any {
	switch x.(type) {
	case map[string]any, []any:
		return x
	}
	if isLeaf(x) {
		return x
	}
	y, err := fromGo(reflect.ValueOf(x), w.depth, &w.visited)
	if err != nil {
		w.failAt(err)
		return nil
	}
	return y
}

// errNotJSON is the cause of a value no view can release.
type errNotJSON struct{ typ string }

func (e errNotJSON) Error() string { return "a value of Go type " + e.typ + " is not JSON-like" }

// errRawMessage is the cause of a json.RawMessage that holds no valid
// JSON. It does not carry the decoder's message, which quotes the input.
var errRawMessage = errors.New("a json.RawMessage does not hold valid JSON")

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	byteType       = reflect.TypeFor[byte]()
)

// fromGo converts a Go value into JSON-like values, as encoding/json would
// encode it: a json.RawMessage is the JSON it holds, a []byte a base64
// string.
// Each value it converts counts in *visited; past maxValues, the
// conversion fails with ErrTooLarge.
func fromGo(v reflect.Value, depth int, visited *int) (any, error) {
	if depth >= MaxDepth {
		return nil, ErrTooDeep
	}
	if *visited++; *visited > maxValues {
		return nil, ErrTooLarge
	}
	if v.IsValid() && v.Kind() == reflect.Slice {
		switch {
		case v.IsNil():
			return nil, nil
		case v.Type() == rawMessageType:
			var y any
			if json.Unmarshal(v.Bytes(), &y) != nil {
				return nil, errRawMessage
			}
			return y, nil
		case v.Type().Elem() == byteType:
			return base64.StdEncoding.EncodeToString(v.Bytes()), nil
		}
	}
	switch v.Kind() {
	case reflect.Invalid:
		return nil, nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		return fromGo(v.Elem(), depth+1, visited)
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint(), nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil, nil
		}
		out := make([]any, v.Len())
		for i := range out {
			e, err := fromGo(v.Index(i), depth+1, visited)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return nil, errNotJSON{v.Type().String()}
		}
		if v.IsNil() {
			return nil, nil
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			e, err := fromGo(it.Value(), depth+1, visited)
			if err != nil {
				return nil, err
			}
			out[it.Key().String()] = e
		}
		return out, nil
	}
	return nil, errNotJSON{v.Type().String()}
}

// text returns x as a string, read as the walk releases it: a string, or a
// Go value of a string kind (a named string type), a pointer or interface
// to one, or a json.RawMessage holding a string. The label checks read
// codes, systems and URLs through it, so that no label hides in a Go
// type. A string allocates nothing.
func text(x any) (string, bool) {
	switch t := x.(type) {
	case string:
		return t, true
	case nil, bool, float64, json.Number, map[string]any, []any:
		return "", false
	}
	v := reflect.ValueOf(x)
	for range MaxDepth {
		switch v.Kind() {
		case reflect.String:
			return v.String(), true
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return "", false
			}
			v = v.Elem()
		case reflect.Slice:
			if v.Type() != rawMessageType {
				return "", false
			}
			var visited int
			y, err := fromGo(v, 0, &visited)
			s, ok := y.(string)
			return s, ok && err == nil
		default:
			return "", false
		}
	}
	return "", false
}

// asObject returns x as an object, converting a Go map; the label and age
// checks read records through it, so that no label hides in a Go type.
func asObject(x any) (map[string]any, bool) {
	switch t := x.(type) {
	case map[string]any:
		return t, true
	case nil, string, bool, float64, []any:
		return nil, false
	}
	if isLeaf(x) {
		return nil, false
	}
	var visited int
	y, err := fromGo(reflect.ValueOf(x), 0, &visited)
	m, ok := y.(map[string]any)
	return m, ok && err == nil
}

// asArray returns x as an array, converting a Go slice.
func asArray(x any) ([]any, bool) {
	switch t := x.(type) {
	case []any:
		return t, true
	case nil, string, bool, float64, map[string]any:
		return nil, false
	}
	if isLeaf(x) {
		return nil, false
	}
	var visited int
	y, err := fromGo(reflect.ValueOf(x), 0, &visited)
	a, ok := y.([]any)
	return a, ok && err == nil
}
