package minimize

import (
	"strings"

	"github.com/custodianhq/custodian/internal/codesys"
)

// The code systems of HL7 security labels. A label's system may also be
// written as its OID, with or without "urn:oid:".
const (
	SystemActCode         = codesys.ActCode
	SystemConfidentiality = codesys.Confidentiality
	// SystemObservationValue holds the DS4P integrity labels (PATRPT...).
	SystemObservationValue = codesys.ObservationValue
)

// InlineLabelURL is the DS4P inline security label extension: an element
// carrying it in its extension[] (or, for a primitive, in "_name".extension)
// is labelled with its valueCoding.
const InlineLabelURL = codesys.InlineLabel

// confidentiality ranks the HL7 Confidentiality codes, lowest first.
var confidentiality = map[string]int{"U": 1, "L": 2, "M": 3, "N": 4, "R": 5, "V": 6}

// withholding is what one Apply withholds, read from its arguments once.
type withholding struct {
	codes []string        // HL7 codes (ActCode, Confidentiality) by code
	exact map[string]bool // "system|code" pairs of any other system
	level int             // the lowest Confidentiality level withheld, 0 for none
	any   bool            // something is withheld
}

// newWithholding reads the withheld arguments of Apply: a bare code ("HIV",
// "R") names an HL7 ActCode or Confidentiality code; "system|code" names a
// code of any system.
func newWithholding(withheld []string) withholding {
	var h withholding
	for _, c := range withheld {
		if c == "" {
			continue
		}
		h.any = true
		if sys, code, ok := strings.Cut(c, "|"); ok {
			if isHL7System(sys) {
				c = code
			} else {
				if h.exact == nil {
					h.exact = map[string]bool{}
				}
				h.exact[c] = true
				continue
			}
		}
		h.codes = append(h.codes, c)
		if l := confidentiality[c]; l > 0 && (h.level == 0 || l < h.level) {
			h.level = l
		}
	}
	return h
}

// isHL7System reports whether s is a spelling of an HL7 security label
// system, whose codes may be withheld bare.
func isHL7System(s string) bool {
	switch codesys.Canonical(s) {
	case codesys.ActCode, codesys.Confidentiality, codesys.ObservationValue:
		return true
	}
	return false
}

// isConfidentialitySystem reports whether s is a spelling of
// v3-Confidentiality.
func isConfidentialitySystem(s string) bool {
	return codesys.Canonical(s) == codesys.Confidentiality
}

// code reports whether a bare code (no system) is withheld.
func (h *withholding) code(c string) bool {
	for _, w := range h.codes {
		if w == c {
			return true
		}
	}
	return h.level > 0 && confidentiality[c] >= h.level
}

// coding reports whether a Coding is withheld: an HL7 code by its code (a
// Confidentiality code at or above the withheld level too), a Coding
// without a system by its code alone (fail closed), any other by its
// "system|code".
func (h *withholding) coding(c map[string]any) bool {
	code, _ := text(c["code"])
	if code == "" {
		return false
	}
	sys, hasSys := text(c["system"])
	switch {
	case !hasSys || sys == "":
		return h.code(code)
	case isConfidentialitySystem(sys):
		return h.code(code)
	case isHL7System(sys):
		for _, w := range h.codes {
			if w == code {
				return true
			}
		}
		return false
	}
	return len(h.exact) > 0 && h.exact[sys+"|"+code]
}

// labelled reports whether m carries a withheld label: in meta.security,
// in a DS4P inline label of its extension[] (or modifierExtension[]), or
// at Spec.Labels. A label of
// the wrong shape is read as far as it goes (fail closed): meta.security
// as one Coding instead of an array, a bare code instead of a Coding.
func (w *walker) labelled(m map[string]any) bool {
	if meta, ok := asObject(m["meta"]); ok && w.label(meta["security"], 0) {
		return true
	}
	if w.inlineLabel(m["extension"]) || w.inlineLabel(m["modifierExtension"]) {
		return true
	}
	return w.v.labels != nil && w.labelsAt(m, w.v.labels)
}

// inlineLabel reports whether x, the extensions of an element, holds a
// withheld DS4P inline label: an array of extensions, or one extension
// written alone. The IG writes the label as an extension; one written as a
// modifierExtension is read too (fail closed).
func (w *walker) inlineLabel(x any) bool {
	if x == nil {
		return false
	}
	ext, ok := asArray(x)
	if !ok {
		ext = []any{x}
	}
	for _, e := range ext {
		if em, ok := asObject(e); ok {
			if u, _ := text(em["url"]); u == InlineLabelURL && w.label(em["valueCoding"], 0) {
				return true
			}
		}
	}
	return false
}

// label reports whether x, a label or labels, is withheld: a Coding, a bare
// code, or an array of them.
func (w *walker) label(x any, depth int) bool {
	switch t := x.(type) {
	case nil:
		return false
	case string:
		return w.hold.code(t)
	case map[string]any:
		return w.hold.coding(t)
	case []any:
		if depth > 0 {
			return false
		}
		for _, e := range t {
			if w.label(e, depth+1) {
				return true
			}
		}
		return false
	}
	if m, ok := asObject(x); ok {
		return w.hold.coding(m)
	}
	if a, ok := asArray(x); ok {
		return w.label(a, depth)
	}
	if c, ok := text(x); ok {
		return w.hold.code(c)
	}
	return false
}

// elementWithheld reports whether an array element is removed: it, or an
// object directly under one of its keys (a Bundle entry's resource), carries
// a withheld label.
func (w *walker) elementWithheld(m map[string]any) bool {
	if w.labelled(m) {
		return true
	}
	for _, x := range m {
		if cm, ok := asObject(x); ok && w.labelled(cm) {
			return true
		}
	}
	return false
}

// primitiveWithheld reports whether x, the primitive under key k of m,
// carries a withheld label in its extension, "_k". A repeating primitive
// (x an array) has an array of extensions aligned with its elements: it
// returns that array, for the walk of x to remove the labelled elements
// alone. Extensions in an array beside a single primitive are read as far
// as they go (fail closed): a withheld label in any of them withholds it.
// It looks "_k" up without building the key on the heap.
func (w *walker) primitiveWithheld(m map[string]any, k string, x any) (bool, []any) {
	if len(m) < 2 || k == "" || k[0] == '_' {
		return false, nil
	}
	var buf [64]byte
	key := append(append(buf[:0], '_'), k...)
	p, ok := m[string(key)]
	if !ok {
		return false, nil
	}
	if pm, ok := asObject(p); ok {
		return w.labelled(pm), nil
	}
	ext, ok := asArray(p)
	if !ok {
		return false, nil
	}
	if _, repeating := x.([]any); repeating {
		return false, ext
	}
	for _, e := range ext {
		if w.extensionWithheld(e) {
			return true, nil
		}
	}
	return false, nil
}

// extensionWithheld reports whether e, the extensions of one primitive
// ({"extension": [...]}), carry a withheld label.
func (w *walker) extensionWithheld(e any) bool {
	if e == nil {
		return false
	}
	m, ok := asObject(e)
	return ok && w.labelled(m)
}

// labelsAt follows segs from x and reports whether a label found there is
// withheld: a bare code, or a Coding. It reads Go maps and slices on the
// way as the other label checks do, so that no label hides in a Go type.
func (w *walker) labelsAt(x any, segs []segment) bool {
	for i, s := range segs {
		m, ok := asObject(x)
		if !ok {
			return false
		}
		if x, ok = m[s.key]; !ok {
			return false
		}
		if s.array {
			a, _ := asArray(x)
			for _, e := range a {
				if w.labelsAt(e, segs[i+1:]) {
					return true
				}
			}
			return false
		}
	}
	return w.label(x, 0)
}
