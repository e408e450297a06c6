package disclosure

import (
	"fmt"

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
		return []string{f.resources[0].String()}, nil
	}
	kept, _ := out["entry"].([]any)
	if len(kept) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(kept))
	if len(kept) == len(f.resources) {
		for _, r := range f.resources {
			ids = append(ids, r.String())
		}
		return ids, nil
	}
	// Some entries stayed home, and views may drop ids: which entries left
	// is found by releasing each alone, since what leaves of an entry does
	// not depend on its neighbours.
	entries, _ := record["entry"].([]any)
	for i, entry := range entries {
		one := map[string]any{"resourceType": "Bundle", "entry": []any{entry}}
		got, _, err := e.strip(d, one)
		if err != nil {
			return nil, err
		}
		if es, _ := got["entry"].([]any); len(es) > 0 {
			ids = append(ids, f.resources[i].String())
		}
	}
	if len(ids) != len(kept) {
		return nil, fmt.Errorf("disclosure: decision %s: %d entries released but %d identified", d.ID, len(kept), len(ids))
	}
	return ids, nil
}
