package label

import "strconv"

// Coverage says whether a [ValueSet] lists every code of its system that
// signals its categories, which decides what a code of that system that
// matches no set means. The zero Coverage is CoverageComplete.
type Coverage uint8

// Coverages. A value-set file writes them as "coverage: complete" (the
// default when the header has no coverage line) or "coverage: partial".
const (
	// CoverageComplete: the set lists every code of its system that
	// signals its categories, so a code of the system that matches no set
	// is checked and signals nothing.
	CoverageComplete Coverage = iota
	// CoveragePartial: the set lists only some of the codes that signal
	// its categories (the shipped RxNorm sets list ingredients, not the
	// clinical and branded drugs that contain them). When every set of a
	// system is partial, a code of the system that matches none is
	// unchecked ("not in a partial value set"): it may signal a category
	// the sets do not list.
	CoveragePartial
)

// String returns "complete" or "partial", as a value-set file writes the
// coverage, or "Coverage(n)" for an unknown value.
func (c Coverage) String() string {
	switch c {
	case CoverageComplete:
		return "complete"
	case CoveragePartial:
		return "partial"
	}
	return "Coverage(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText returns the coverage as a value-set file writes it. An
// unknown value fails with an error wrapping [ErrInvalidValueSet].
func (c Coverage) MarshalText() ([]byte, error) {
	if c > CoveragePartial {
		return nil, invalid("unknown coverage %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads "complete" or "partial". Anything else fails with
// an error wrapping [ErrInvalidValueSet] and leaves c unchanged.
func (c *Coverage) UnmarshalText(text []byte) error {
	switch string(text) {
	case "complete":
		*c = CoverageComplete
	case "partial":
		*c = CoveragePartial
	default:
		return invalid("coverage %q is neither complete nor partial", text)
	}
	return nil
}
