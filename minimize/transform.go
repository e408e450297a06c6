package minimize

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"time"
)

// Transformer turns one released value into what a view releases instead.
// Apply calls it for a leaf (string, number, bool) at a transformed path, and
// for each leaf element of an array there; it never sees objects. A nil
// result drops the value. A returned error fails Apply, which reports the
// path and the transform but not the error's text (it may quote the value);
// the error stays reachable through [TransformError]. A Transformer must be
// safe for concurrent use and must not keep or modify its argument.
type Transformer interface {
	Transform(v any) (any, error)
}

// TransformFunc adapts a function to [Transformer].
type TransformFunc func(v any) (any, error)

// Transform calls f(v).
func (f TransformFunc) Transform(v any) (any, error) { return f(v) }

// ErrUnsupportedValue is matched (errors.Is) by the errors of built-in
// transforms that meet a value of the wrong type or form.
var ErrUnsupportedValue = errors.New("minimize: value unsupported by transform")

// valueError explains, without quoting it, why a value cannot be transformed.
type valueError struct{ msg string }

func (e *valueError) Error() string        { return e.msg }
func (e *valueError) Is(target error) bool { return target == ErrUnsupportedValue }

// TransformError reports a transform that failed during [View.Apply]. Its
// message names the path pattern and the transform, never the value.
type TransformError struct {
	Path      string // pattern of the transformed path, e.g. "address[].postalCode"
	Transform string // the transform's name
	Err       error  // the cause
}

// Error names the path and the transform; a built-in transform's reason is
// added, a host transform's is not (read it with errors.Unwrap).
func (e *TransformError) Error() string {
	s := "minimize: path " + e.Path + ": transform " + strconv.Quote(e.Transform)
	var ve *valueError
	if errors.As(e.Err, &ve) {
		return s + ": " + ve.msg
	}
	return s + " failed"
}

// Unwrap returns the cause.
func (e *TransformError) Unwrap() error { return e.Err }

// Built-in transform names.
const (
	transformMask      = "mask"
	transformHash      = "hash"
	transformYear      = "year"
	transformZIP3      = "zip3"
	transformAge       = "age"
	transformBirthYear = "birthyear"
	transformDrop      = "drop"
)

// isBuiltin reports whether name is a built-in transform.
func isBuiltin(name string) bool {
	switch name {
	case transformMask, transformHash, transformYear, transformZIP3, transformAge, transformBirthYear, transformDrop:
		return true
	}
	return false
}

var (
	errNotString = &valueError{"expects a string"}
	errNotNumber = &valueError{"expects a number"}
	errNotDate   = &valueError{"expects an ISO 8601 date"}
	errNotLeaf   = &valueError{"expects a value or an array of values"}
)

type maskT struct{}

func (maskT) Transform(any) (any, error) { return "***", nil }

type hashT struct{ key []byte }

func (h hashT) Transform(v any) (any, error) {
	s, ok := leafText(v)
	if !ok {
		return nil, errNotLeaf
	}
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(s))
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.Sum(sum[:0])[:16]), nil
}

type yearT struct{}

func (yearT) Transform(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, errNotString
	}
	if _, _, _, ok := parseDate(s); !ok {
		return nil, errNotDate
	}
	return s[:4], nil
}

type zip3T struct{ restricted *zipSet }

func (z zip3T) Transform(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, errNotString
	}
	if !isUSZIP(s) {
		return nil, nil // not a US ZIP: no part of it may go
	}
	if z.restricted[zipIndex(s)] {
		return "000", nil
	}
	return s[:3], nil
}

type ageT struct{}

func (ageT) Transform(v any) (any, error) {
	f, ok := number(v)
	if !ok {
		return nil, errNotNumber
	}
	if f > 89 {
		return over89, nil
	}
	return v, nil
}

type birthYearT struct{ now func() time.Time }

func (b birthYearT) Transform(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, errNotString
	}
	y, _, _, ok := parseDate(s)
	if !ok {
		return nil, errNotDate
	}
	// The year goes when anyone born in it may be over 89 at the reference
	// date (the oldest, born on 1 January, is refYear - y): a year is
	// indicative of an age over 89 even for a person who turns 90 later
	// in the reference year.
	if b.now().Year()-y > 89 {
		return over89, nil
	}
	return s[:4], nil
}
