package audit

// Clone returns a deep copy of e: its lists and those of its PerCategory
// entries are copied, so that changing the caller's slices afterwards does
// not change the copy. A sink that keeps an event past Emit (a queue, a
// recorder) keeps a clone. Empty lists stay as they were (nil or empty).
//
// The copy takes at most two allocations: one for every string list (each
// capped at its length, so that an append to one cannot write into
// another) and one for PerCategory.
func (e Event) Clone() Event {
	n := len(e.Categories) + len(e.Fields) + len(e.Obligations) + len(e.Resources)
	for _, c := range e.PerCategory {
		n += len(c.Obligations)
	}
	var buf []string
	if n > 0 {
		buf = make([]string, 0, n)
	}
	take := func(xs []string) []string {
		if len(xs) == 0 {
			return xs[:0:0] // nil stays nil; no capacity is shared
		}
		start := len(buf)
		buf = append(buf, xs...)
		return buf[start:len(buf):len(buf)]
	}
	e.Categories = take(e.Categories)
	e.Fields = take(e.Fields)
	e.Obligations = take(e.Obligations)
	e.Resources = take(e.Resources)
	if e.PerCategory != nil {
		pc := make([]CategoryOutcome, len(e.PerCategory))
		for i, c := range e.PerCategory {
			c.Obligations = take(c.Obligations)
			pc[i] = c
		}
		e.PerCategory = pc
	}
	return e
}
