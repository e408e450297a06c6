package disclosure

import (
	"fmt"
	"strings"

	"github.com/custodianhq/custodian/consent"
)

// belongs returns why a record may not leave under decision d, or nil: a
// resource not shown to be the request's patient's, or one naming no
// patient while a view the decision releases through is not declared with
// WithSubjectless.
func (e *Engine) belongs(d *Decision, f *recordFacts) error {
	if f.foreign != nil {
		return f.foreign
	}
	if f.noSubject == "" {
		return nil
	}
	for _, o := range d.Outcomes {
		if o.Effect == consent.Permit && !e.rel.subjectless[o.View] {
			return fmt.Errorf("%w: %s (view %q is not declared with WithSubjectless)", ErrNoSubject, f.noSubject, o.View)
		}
	}
	return nil
}

// refuse denies every category of d under a pseudo-rule, with why in the
// trace.
func (d *Decision) refuse(rule string, why error) {
	d.denyAll()
	for i := range d.Outcomes {
		d.Outcomes[i].Rule = rule
		d.Trace = append(d.Trace, Step{Category: d.Outcomes[i].Category, Rule: rule, Result: Failed, Err: why.Error()})
	}
}

// released returns the resources of record that out, what strip kept of
// it, releases: "Type/id" of the record, or of each Bundle entry that left,
// in order; none when no resource leaves (a Bundle none of whose entries
// is kept, a resource of which nothing is).
func (e *Engine) released(d *Decision, record, out map[string]any, f *recordFacts) ([]string, error) {
	if !f.bundle {
		if len(out) == 0 {
			return nil, nil
		}
		return names(f.resources, nil), nil
	}
	kept, _ := out["entry"].([]any)
	if len(kept) == 0 {
		return nil, nil
	}
	if len(kept) == len(f.resources) {
		return names(f.resources, nil), nil
	}
	// Some entries stayed home, and views may drop ids: which entries left
	// is found by releasing each alone, since what leaves of an entry does
	// not depend on its neighbours.
	entries, _ := record["entry"].([]any)
	left := make([]bool, len(entries))
	n := 0
	for i, entry := range entries {
		one := map[string]any{"resourceType": "Bundle", "entry": []any{entry}}
		got, _, err := e.strip(d, one)
		if err != nil {
			return nil, err
		}
		if es, _ := got["entry"].([]any); len(es) > 0 {
			left[i] = true
			n++
		}
	}
	if n != len(kept) {
		return nil, fmt.Errorf("disclosure: decision %s: %d entries released but %d identified", d.ID, len(kept), n)
	}
	return names(f.resources, left), nil
}

// names returns "Type/id" of each resource, or of those whose left is true
// when left is not nil, sharing one allocation for the text.
func names(ids []resourceID, left []bool) []string {
	size, n := 0, 0
	for i, r := range ids {
		if left == nil || left[i] {
			size += len(r.typ) + 1 + len(r.id)
			n++
		}
	}
	var b strings.Builder
	b.Grow(size)
	for i, r := range ids {
		if left == nil || left[i] {
			b.WriteString(r.typ)
			if r.id != "" {
				b.WriteByte('/')
				b.WriteString(r.id)
			}
		}
	}
	text := b.String()
	out := make([]string, 0, n)
	for i, r := range ids {
		if left == nil || left[i] {
			l := len(r.typ)
			if r.id != "" {
				l += 1 + len(r.id)
			}
			out = append(out, text[:l])
			text = text[l:]
		}
	}
	return out
}
