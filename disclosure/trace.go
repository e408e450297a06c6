package disclosure

import (
	"fmt"

	"github.com/custodianhq/custodian/consent"
)

// Result is what evaluating one rule's condition gave.
type Result uint8

const (
	// NotMatched: the condition was false.
	NotMatched Result = iota
	// Matched: the condition was true.
	Matched
	// Failed: the condition could not be evaluated (a runtime error, the
	// cost limit, a cancelled context). A failed deny rule denies; a failed
	// permit rule does not permit.
	Failed
)

// String returns "not-matched", "matched" or "failed".
func (r Result) String() string {
	switch r {
	case Matched:
		return "matched"
	case Failed:
		return "failed"
	}
	return "not-matched"
}

// Step is one rule evaluated for one category.
type Step struct {
	Category consent.Category
	Rule     string
	Effect   consent.Effect
	Result   Result
	Err      string // why the condition failed, when Result is Failed

	// ConsentID names the consent a step is about: the authorization
	// not relied on in a ConsentValidation step.
	ConsentID string
}

// String formats the step for logs: "LAB court-order permit matched".
func (s Step) String() string {
	if s.Rule == ConsentValidation {
		return fmt.Sprintf("%s %s %s not relied on: %s", s.Category, s.Rule, s.ConsentID, s.Err)
	}
	if s.Result == Failed {
		return fmt.Sprintf("%s %s %s failed: %s", s.Category, s.Rule, s.Effect, s.Err)
	}
	return fmt.Sprintf("%s %s %s %s", s.Category, s.Rule, s.Effect, s.Result)
}
