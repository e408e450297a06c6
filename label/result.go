package label

import (
	"slices"
)

// Status sums up what the codes of one resource say. The zero Status is
// Uncoded: nothing is known, which is never taken for "not sensitive".
type Status uint8

// Statuses, from least to most known.
const (
	// Uncoded: the resource holds no code that a value set could check
	// (only free text, references, or neutral codes such as statuses and
	// units). Its sensitivity is unknown.
	Uncoded Status = iota
	// Incomplete: no category was found, but some codes could not be
	// checked (a system no value set covers, a Coding without a system, a
	// malformed code, a concept with text only). Its sensitivity is
	// unknown.
	Incomplete
	// Normal: every code was checked and none signals a category.
	Normal
	// Sensitive: at least one code signals a category. Other categories
	// may still hide in unchecked codes: see [Result.Complete].
	Sensitive
)

// String returns "uncoded", "incomplete", "normal" or "sensitive".
func (s Status) String() string {
	switch s {
	case Incomplete:
		return "incomplete"
	case Normal:
		return "normal"
	case Sensitive:
		return "sensitive"
	}
	return "uncoded"
}

// Finding is one code that signals a category.
type Finding struct {
	Category string // HL7 v3 ActCode sensitivity code, e.g. "HIV"
	System   string // the canonical URI of the code's system
	Code     string // the code as the record writes it, without the whitespace around it
	ValueSet string // "name@version" of the set that matched
	Path     string // where the Coding is, relative to the resource: "component[1].code.coding[0]"
}

// Unchecked is one code, or one coded element, that no value set could
// check.
type Unchecked struct {
	Path   string // relative to the resource
	System string // the Coding's system as written; "" when it has none
	Reason string // "system not covered", "not in a partial value set", "no system", "no code", "malformed code", "text only", "not a concept", "medication not in the record", "medication has no code"
}

// Result is what the codes of one resource say.
type Result struct {
	Path         string // where the resource is in the record: "" for the record itself, "entry[2].resource" in a Bundle
	ResourceType string
	ID           string
	Findings     []Finding   // in walk order: members by key, array items in order; then those of the resource its medicationReference names
	Checked      int         // codes looked up in the value sets of their system, its medicationReference's included
	Unchecked    []Unchecked // in walk order, then those of its medicationReference
	// Labels are the sensitivity categories (HL7 ActCode) the resource is
	// already labelled with, in its meta.security or in DS4P inline labels
	// on its elements (contained resources' included), in walk order. They
	// do not make it Sensitive: they are what the record says of itself,
	// not what its codes reveal.
	Labels []string
}

// Status sums the result up; see [Status].
func (r Result) Status() Status {
	switch {
	case len(r.Findings) > 0:
		return Sensitive
	case len(r.Unchecked) > 0:
		return Incomplete
	case r.Checked > 0:
		return Normal
	}
	return Uncoded
}

// Complete reports whether the resource had codes to check and every one
// was checked.
func (r Result) Complete() bool { return len(r.Unchecked) == 0 && r.Checked > 0 }

// Categories returns the categories found, sorted, without duplicates.
func (r Result) Categories() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Category)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Report is what the codes of a record say: one [Result] for a resource,
// one per resource for a Bundle (entry resources in order, a nested
// Bundle's entries after it).
type Report struct {
	Resources []Result
	// Labels are the sensitivity categories (HL7 ActCode) the record's
	// Bundles carry in their own meta.security; a resource's are in its
	// Result.
	Labels []string
}

// Categories returns every category found in the record, sorted, without
// duplicates. It is what a disclosure of the whole record discloses.
func (r Report) Categories() []string {
	var out []string
	for _, res := range r.Resources {
		for _, f := range res.Findings {
			out = append(out, f.Category)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Status sums the record up: Sensitive when any resource is; otherwise the
// least known status of its resources (Normal only when every resource
// is Normal).
func (r Report) Status() Status {
	if len(r.Resources) == 0 {
		return Uncoded
	}
	least := Normal
	for _, res := range r.Resources {
		s := res.Status()
		if s == Sensitive {
			return Sensitive
		}
		least = min(least, s)
	}
	return least
}
