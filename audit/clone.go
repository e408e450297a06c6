package audit

import "slices"

// Clone returns a deep copy of e: its lists and those of its PerCategory
// entries are copied, so that changing the caller's slices afterwards does
// not change the copy. A sink that keeps an event past Emit (a queue, a
// recorder) keeps a clone.
func (e Event) Clone() Event {
	e.Categories = slices.Clone(e.Categories)
	e.Fields = slices.Clone(e.Fields)
	e.Obligations = slices.Clone(e.Obligations)
	e.Resources = slices.Clone(e.Resources)
	if e.PerCategory != nil {
		pc := make([]CategoryOutcome, len(e.PerCategory))
		for i, c := range e.PerCategory {
			c.Obligations = slices.Clone(c.Obligations)
			pc[i] = c
		}
		e.PerCategory = pc
	}
	return e
}
