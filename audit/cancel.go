package audit

import (
	"slices"
	"time"
)

// cancellations holds the cancellation events met while reading events,
// so that the disclosures they cancel can be left out whatever the order
// the events come in. Each cancellation cancels one disclosure event: a
// release retried under the same decision ID, whose first attempt was
// cancelled, still counts once.
type cancellations map[cancelKey]map[string]struct{}

// cancelKey is a cancelled event ID with the patient the cancellation
// names ("" when it names none).
type cancelKey struct{ id, patient string }

// add records e if it is a cancellation, and reports whether it was. The
// same cancellation event read twice (a write the host retried) is
// recorded once.
func (c cancellations) add(e *Event) bool {
	if e.Type != TypeCancellation {
		return false
	}
	if e.Cancels != "" {
		k := cancelKey{e.Cancels, e.Patient}
		if c[k] == nil {
			c[k] = map[string]struct{}{}
		}
		c[k][e.ID] = struct{}{}
	}
	return true
}

// take reports whether a disclosure event with this ID about this patient
// is cancelled, and uses up the cancellation that cancels it: one that
// names the ID and this patient, else one that names the ID and no
// patient. A cancellation that names another patient cancels nothing, so
// that a mistaken one cannot hide a disclosure from the patient it
// concerns.
func (c cancellations) take(id, patient string) bool {
	for _, k := range [2]cancelKey{{id, patient}, {id, ""}} {
		for cid := range c[k] {
			delete(c[k], cid)
			return true
		}
	}
	return false
}

// attempt is one disclosure event as the cancellations see it: every
// disclosure event of the patients concerned is one, and the entry is kept
// only for those the caller selects (within the period, matched).
type attempt struct {
	id, patient string
	at          time.Time
	entry       Entry
	selected    bool
}

// selected returns the selected attempts that no cancellation cancels.
// Cancellations are used up in time order (a retried release's cancelled
// attempt comes before the retry) by every attempt, selected or not, so
// that a cancellation of an attempt outside the period or the match never
// falls on another attempt with the same ID.
func (c cancellations) selected(as []attempt) []attempt {
	slices.SortStableFunc(as, func(a, b attempt) int { return a.at.Compare(b.at) })
	return slices.DeleteFunc(as, func(a attempt) bool { return c.take(a.id, a.patient) || !a.selected })
}
