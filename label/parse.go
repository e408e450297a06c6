package label

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"
)

// headerFields are the required header keys of a value-set file.
var headerFields = []string{"name", "version", "category", "system", "source", "license"}

// optionalHeaderFields are the header keys a value-set file may omit.
var optionalHeaderFields = []string{"coverage"}

// ParseValueSet reads a value set in the file format the shipped sets use:
//
//	# Comment lines start with '#'; blank lines are ignored.
//	name: hiv-icd10cm
//	version: 2026.12
//	category: HIV
//	system: http://hl7.org/fhir/sid/icd-10-cm
//	source: ICD-10-CM FY2026, CDC National Center for Health Statistics
//	license: public domain
//	coverage: complete
//	---
//	B20        HIV disease
//	O98.7*     HIV disease complicating pregnancy, childbirth and the puerperium
//	F10..F16   every code from F10 to F16 and under them
//	!F17*      excluded: nicotine dependence
//
// The header holds each of name, version, category (one or more ActCode
// codes separated by spaces), system, source and license exactly once, and
// coverage at most once: "complete" (the default) when the set lists every
// code of its system that signals its categories, "partial" when it lists
// only some (see [Coverage]). A line "---" ends the header. Each line after it is a pattern, then optionally
// spaces and a display text: a code ("Z21"), a prefix ("B20*"), or a range
// of prefixes of equal length ("F10..F16"); a leading '!' excludes what
// the pattern matches. Any error is a [*ValueSetError] naming the line.
func ParseValueSet(data []byte) (ValueSet, error) {
	var v ValueSet
	seen := make(map[string]bool, len(headerFields))
	inBody := false
	lineNo := 0
	fail := func(field string, err error) (ValueSet, error) {
		return ValueSet{}, &ValueSetError{ValueSet: v.Name, Line: lineNo, Field: field, Err: err}
	}
	if !utf8.Valid(data) {
		return fail("", invalid("not UTF-8 text"))
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	for len(data) > 0 {
		lineNo++
		var line []byte
		line, data, _ = bytes.Cut(data, []byte("\n"))
		s := strings.TrimSpace(string(line))
		if s == "" || s[0] == '#' {
			continue
		}
		if !inBody {
			if s == "---" {
				for _, f := range headerFields {
					if !seen[f] {
						return fail(f, invalid("header has no %s", f))
					}
				}
				inBody = true
				continue
			}
			key, val, ok := strings.Cut(s, ":")
			key, val = strings.TrimSpace(key), strings.TrimSpace(val)
			if !ok {
				return fail("", invalid("header line is not \"key: value\" (did the header miss its closing \"---\"?)"))
			}
			if seen[key] {
				return fail(key, invalid("%s given twice", key))
			}
			if err := v.setHeader(key, val); err != nil {
				return fail(key, err)
			}
			seen[key] = true
			continue
		}
		field := "include"
		if s[0] == '!' {
			field = "exclude"
			s = strings.TrimSpace(s[1:])
		}
		pat, display := s, ""
		if i := strings.IndexAny(s, " \t"); i >= 0 {
			pat, display = s[:i], s[i+1:]
		}
		p, err := parsePattern(pat)
		if err != nil {
			return fail(field, err)
		}
		p.Display = strings.TrimSpace(display)
		if field == "exclude" {
			v.Exclude = append(v.Exclude, p)
		} else {
			v.Include = append(v.Include, p)
		}
	}
	if !inBody {
		return fail("", invalid("no \"---\" line ends the header"))
	}
	if len(v.Include) == 0 {
		return fail("include", invalid("no codes"))
	}
	return v, nil
}

// setHeader sets one header field of v.
func (v *ValueSet) setHeader(key, val string) error {
	if val == "" {
		return invalid("%s is empty", key)
	}
	switch key {
	case "name":
		if !validToken(val) {
			return invalid("name must be one word")
		}
		v.Name = val
	case "version":
		if !validToken(val) {
			return invalid("version must be one word")
		}
		v.Version = val
	case "category":
		v.Categories = strings.Fields(val)
		if err := checkCategories(v.Categories); err != nil {
			return err
		}
	case "system":
		if !validToken(val) {
			return invalid("system must be one URI or OID")
		}
		v.System = val
	case "source":
		v.Source = val
	case "license":
		v.License = val
	case "coverage":
		return v.Coverage.UnmarshalText([]byte(val))
	default:
		return invalid("unknown header field %q (want one of %s)", key, strings.Join(append(slices.Clip(headerFields), optionalHeaderFields...), ", "))
	}
	return nil
}

// parsePattern reads "CODE", "PREFIX*" or "LOW..HIGH".
func parsePattern(s string) (Pattern, error) {
	if lo, hi, ok := strings.Cut(s, ".."); ok {
		if !validToken(lo) || !validToken(hi) {
			return Pattern{}, invalid("range %q needs a bound on each side of \"..\", without '*'", s)
		}
		p := Pattern{Kind: Range, Code: lo, To: hi}
		return p, checkPattern(p)
	}
	if code, ok := strings.CutSuffix(s, "*"); ok {
		if !validToken(code) {
			return Pattern{}, invalid("prefix %q needs a code before its one '*'", s)
		}
		return Pattern{Kind: Prefix, Code: code}, nil
	}
	if !validToken(s) {
		return Pattern{}, invalid("pattern %q is not a code, a prefix or a range", s)
	}
	return Pattern{Kind: Exact, Code: s}, nil
}

// checkPattern checks a pattern built in code or read from a file.
func checkPattern(p Pattern) error {
	switch p.Kind {
	case Exact, Prefix:
		if !validToken(p.Code) {
			return invalid("code %q is empty or holds a space, '*' or \"..\"", p.Code)
		}
		if p.To != "" {
			return invalid("code %q has an upper bound but is not a range", p.Code)
		}
	case Range:
		if !validToken(p.Code) || !validToken(p.To) {
			return invalid("range %q..%q has an empty or malformed bound", p.Code, p.To)
		}
		if len(p.Code) != len(p.To) {
			return invalid("range %s..%s: bounds must be of equal length", p.Code, p.To)
		}
		if p.Code > p.To {
			return invalid("range %s..%s: lower bound above upper bound", p.Code, p.To)
		}
	default:
		return invalid("pattern %q has unknown kind %d", p.Code, p.Kind)
	}
	return nil
}

// validCategory reports whether c looks like an ActCode code: letters,
// digits and '-', as "HIV", "ETH", "42CFRPart2".
func validCategory(c string) bool {
	if c == "" || len(c) > 64 {
		return false
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !('A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || '0' <= ch && ch <= '9' || ch == '-') {
			return false
		}
	}
	return true
}

// checkCategories checks the categories of a set: ActCode-like codes,
// each once.
func checkCategories(cats []string) error {
	for i, c := range cats {
		if !validCategory(c) {
			return invalid("category %q is not a code of letters, digits and '-'", c)
		}
		if slices.Contains(cats[:i], c) {
			return invalid("category %s given twice", c)
		}
	}
	return nil
}

// check validates a value set built in code or parsed from a file.
func check(v ValueSet) error {
	fail := func(field string, err error) error {
		return &ValueSetError{ValueSet: v.Name, Field: field, Err: err}
	}
	switch {
	case !validToken(v.Name):
		return fail("name", invalid("name is empty or not one word"))
	case !validToken(v.Version):
		return fail("version", invalid("version is empty or not one word"))
	case len(v.Categories) == 0:
		return fail("category", invalid("no category"))
	case !validToken(v.System):
		return fail("system", invalid("system is empty or not one URI or OID"))
	case strings.TrimSpace(v.Source) == "":
		return fail("source", invalid("source is empty: cite where the codes come from"))
	case strings.TrimSpace(v.License) == "":
		return fail("license", invalid("license is empty"))
	case len(v.Include) == 0:
		return fail("include", invalid("no codes"))
	case v.Coverage > CoveragePartial:
		return fail("coverage", invalid("unknown coverage %d", uint8(v.Coverage)))
	}
	if err := checkCategories(v.Categories); err != nil {
		return fail("category", err)
	}
	for i, p := range v.Include {
		if err := checkPattern(p); err != nil {
			return fail(fmt.Sprintf("include[%d]", i), err)
		}
	}
	for i, p := range v.Exclude {
		if err := checkPattern(p); err != nil {
			return fail(fmt.Sprintf("exclude[%d]", i), err)
		}
	}
	return nil
}

// ReadValueSets parses every file of fsys that matches pattern (see
// [fs.Glob]), in name order. An error names the file.
func ReadValueSets(fsys fs.FS, pattern string) ([]ValueSet, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, fmt.Errorf("label: value set files %q: %w", pattern, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("label: value set files %q: %w", pattern, fs.ErrNotExist)
	}
	sets := make([]ValueSet, 0, len(names))
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("label: value set file %s: %w", name, err))
			continue
		}
		v, err := ParseValueSet(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		sets = append(sets, v)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return sets, nil
}
