package audit

// cancellations holds the cancellation events met while reading events,
// so that the disclosures they cancel can be left out whatever the order
// the events come in.
type cancellations map[cancelKey]struct{}

// cancelKey is a cancelled event ID with the patient the cancellation
// names ("" when it names none).
type cancelKey struct{ id, patient string }

// add records e if it is a cancellation, and reports whether it was.
func (c cancellations) add(e *Event) bool {
	if e.Type != TypeCancellation {
		return false
	}
	if e.Cancels != "" {
		c[cancelKey{e.Cancels, e.Patient}] = struct{}{}
	}
	return true
}

// cancel reports whether the disclosure event with this ID about this
// patient is cancelled: a cancellation names the ID, and either names no
// patient or this one.
// A cancellation that names another patient cancels nothing, so that a
// mistaken one cannot hide a disclosure from the patient it concerns.
func (c cancellations) cancel(id, patient string) bool {
	if len(c) == 0 {
		return false
	}
	_, unnamed := c[cancelKey{id, ""}]
	_, same := c[cancelKey{id, patient}]
	return unnamed || same
}
