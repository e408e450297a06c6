package label

import (
	"strings"

	"github.com/custodianhq/custodian/internal/codesys"
)

// ValueSet is a named, versioned list of codes of one code system whose
// presence in a record signals one or more sensitivity categories. It is
// plain data: build it in code, or read it from a file with
// [ParseValueSet]. [New] checks and compiles it.
type ValueSet struct {
	Name       string   // unique among the sets of a Labeler, e.g. "hiv-icd10cm"
	Version    string   // the version of this list, e.g. "2026.12"
	Categories []string // HL7 v3 ActCode sensitivity codes, e.g. "HIV"
	System     string   // the code system; any known spelling (URI or OID) is accepted
	Source     string   // where the codes come from, with the code system's release
	License    string   // the licence under which the list may be used
	Include    []Pattern
	Exclude    []Pattern // codes matched by Include that are nonetheless not in the set
	Coverage   Coverage  // whether Include lists every code that signals Categories; see [Coverage]
}

// PatternKind says how a [Pattern] matches a code.
type PatternKind uint8

// Pattern kinds. The zero kind is Exact.
const (
	Exact  PatternKind = iota // the code itself
	Prefix                    // every code that starts with Code ("B20*")
	Range                     // every code whose first len(Code) characters lie in [Code, To] ("F10..F16")
)

// Pattern is one line of a value set: a code, a prefix or a range of
// prefixes. Codes of ICD-10-CM are compared without their dot and without
// regard to case, so "O98.7*" and "O987*" are the same pattern.
type Pattern struct {
	Kind    PatternKind
	Code    string // the code, the prefix, or the range's lower bound
	To      string // the range's upper bound, as long as Code
	Display string // what the code means, for people; not used to match
}

// String returns the pattern as a value-set file writes it.
func (p Pattern) String() string {
	switch p.Kind {
	case Prefix:
		return p.Code + "*"
	case Range:
		return p.Code + ".." + p.To
	}
	return p.Code
}

// ID returns "name@version", the way a finding names its value set.
func (v ValueSet) ID() string { return v.Name + "@" + v.Version }

// clone returns a copy of v sharing no slice with it.
func (v ValueSet) clone() ValueSet {
	v.Categories = append([]string(nil), v.Categories...)
	v.Include = append([]Pattern(nil), v.Include...)
	v.Exclude = append([]Pattern(nil), v.Exclude...)
	return v
}

// foldCode returns code as the value sets of the canonical system compare
// it: without the whitespace around it, and for ICD-10-CM without dots
// and in upper case. buf is
// scratch space; the result may alias it.
func foldCode(canonical, code string, buf []byte) []byte {
	buf = buf[:0]
	code = trimSpace(code)
	if !codesys.FoldsDot(canonical) {
		return append(buf, code...)
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '.':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// validToken reports whether s is a non-empty run of characters a code or
// a category may hold: no space, no control character, no '*'.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || c == '*' {
			return false
		}
	}
	return !strings.Contains(s, "..")
}

// trimSpace returns s without the ASCII whitespace around it (a fixed-width
// column's padding, a stray line end). It slices s: no allocation.
func trimSpace(s string) string {
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// isSpace reports whether c is ASCII whitespace.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
