package minimize

// This file holds the signatures the rest of the module builds against while
// the package is written; each declaration moves to its own file.

// View is a compiled Spec.
type View struct{}

// Report says what Apply released, transformed and removed.
type Report struct {
	Released    []string
	Transformed []string
	Removed     []string
}

// Option configures Compile.
type Option func(*config)

type config struct{}

// Compile checks and compiles a Spec.
func Compile(s Spec, opts ...Option) (*View, error) { return &View{}, nil }

// Apply returns a copy of record holding only what the view keeps.
func (v *View) Apply(record map[string]any, withheld ...string) (map[string]any, Report, error) {
	return record, Report{}, nil
}

// Full returns the view that releases a record whole.
func Full() *View { return &View{} }

// SafeHarbor returns the de-identification spec of 45 CFR 164.514(b)(2).
func SafeHarbor() Spec { return Spec{} }
