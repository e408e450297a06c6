package label

import (
	"errors"
	"fmt"
)

// ErrInvalidValueSet is wrapped by every error that rejects a value set,
// whether read from a file or built in code.
var ErrInvalidValueSet = errors.New("invalid value set")

// ErrInvalidRecord is wrapped by every error that rejects a record given to
// [Labeler.Classify] or [Labeler.Label]: one that is not a FHIR resource as
// encoding/json decodes it, or nests deeper than [MaxDepth].
var ErrInvalidRecord = errors.New("invalid record")

// ValueSetError says what is wrong with a value set: which set (its name,
// when known), the line of its file (0 for a set built in code) and the
// field or pattern at fault.
type ValueSetError struct {
	ValueSet string // the set's name; "" when the file has none yet
	Line     int    // 1-based line of the file; 0 when not read from a file
	Field    string // "name", "version", "category", "system", "source", "license", "coverage", "include", "exclude"
	Err      error  // what is wrong; wraps ErrInvalidValueSet
}

// Error returns the message with the set, line and field.
func (e *ValueSetError) Error() string {
	msg := "label: value set"
	if e.ValueSet != "" {
		msg += fmt.Sprintf(" %q", e.ValueSet)
	}
	if e.Line > 0 {
		msg += fmt.Sprintf(" line %d", e.Line)
	}
	if e.Field != "" {
		msg += fmt.Sprintf(" field %s", e.Field)
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the cause, which wraps [ErrInvalidValueSet].
func (e *ValueSetError) Unwrap() error { return e.Err }

// invalid builds the cause of a ValueSetError.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidValueSet}, args...)...)
}

// RecordError says where a record is malformed: the path of the element,
// never its value (records hold patient data).
type RecordError struct {
	Path string // e.g. "entry[3].resource.code.coding[0]"; "" for the record itself
	Err  error  // what is wrong; wraps ErrInvalidRecord
}

// Error returns the message with the path.
func (e *RecordError) Error() string {
	if e.Path == "" {
		return "label: record: " + e.Err.Error()
	}
	return "label: record at " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause, which wraps [ErrInvalidRecord].
func (e *RecordError) Unwrap() error { return e.Err }

// recordErr builds a RecordError at path.
func recordErr(path, format string, args ...any) error {
	return &RecordError{Path: path, Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalidRecord}, args...)...)}
}
