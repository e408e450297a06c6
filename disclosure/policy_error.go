package disclosure

import (
	"fmt"
	"strings"
)

// PolicyError is a problem found in a policy file. ParsePolicy returns one
// per problem, joined with errors.Join; inspect them with errors.As.
type PolicyError struct {
	Rule   string // the rule id, or "" for the file's header and views
	Field  string // e.g. "when", "view", "views.payer.keep"
	Line   int    // 1-based line in the file; 0 when unknown
	Column int    // 1-based column; 0 when unknown
	Err    error
}

// Error reports the position, the rule and the field before the cause:
// "policy line 12, column 11: rule "treatment": when: ...".
func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString("policy")
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Rule != "" {
		fmt.Fprintf(&b, "rule %q: ", e.Rule)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *PolicyError) Unwrap() error { return e.Err }
