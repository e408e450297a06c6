package audit

import (
	"cmp"
	"iter"
	"slices"
)

// Affected is one patient whose information left in disclosures under
// review: the individual a breach notification under 45 CFR 164.404 goes
// to, with what was disclosed, to whom and when.
type Affected struct {
	Patient     string
	Disclosures []Entry  // sorted by time, then event ID
	Categories  []string // every category disclosed, sorted: the "types of PHI involved"
	Recipients  []string // every recipient's party ID, sorted
}

// FindAffected returns, per patient, the disclosure events for which match
// returns true (all disclosure events if match is nil), sorted by patient
// ID. It is the list a breach investigation starts from: match selects,
// say, the disclosures to one recipient in the days a misconfigured rule
// was in force, or those under one rule ID.
//
// FindAffected sees only what was audited: events of type
// [TypeDisclosure]. Information that left without an audit event (a
// breach by other means, or events lost before they were on record) is not
// in the list, and decision events are not disclosures. Whether a
// disclosure is a breach, and the risk assessment of 164.402, are the
// covered entity's to decide.
//
// A disclosure cancelled by a [TypeCancellation] event among the events
// given is left out, whatever the order, as in [Accounting]; match is not
// asked about cancellations. A disclosure whose cancellation could not be
// written stays in the list.
func FindAffected(events iter.Seq[Event], match func(Event) bool) []Affected {
	type disclosure struct {
		patient string
		entry   Entry
	}
	var found []disclosure
	cancelled := cancellations{}
	for e := range events {
		if cancelled.add(&e) || e.Type != TypeDisclosure || (match != nil && !match(e)) {
			continue
		}
		found = append(found, disclosure{e.Patient, entryOf(&e, e.Categories, e.Basis)})
	}
	byPatient := map[string]*Affected{}
	for _, d := range found {
		if cancelled.take(d.entry.EventID, d.patient) {
			continue
		}
		a := byPatient[d.patient]
		if a == nil {
			a = &Affected{Patient: d.patient}
			byPatient[d.patient] = a
		}
		a.Disclosures = append(a.Disclosures, d.entry)
		for _, c := range d.entry.Categories {
			a.Categories = appendUnique(a.Categories, c)
		}
		a.Recipients = appendUnique(a.Recipients, d.entry.Recipient)
	}
	out := make([]Affected, 0, len(byPatient))
	for _, a := range byPatient {
		sortEntries(a.Disclosures)
		slices.Sort(a.Categories)
		slices.Sort(a.Recipients)
		out = append(out, *a)
	}
	slices.SortFunc(out, func(a, b Affected) int { return cmp.Compare(a.Patient, b.Patient) })
	return out
}

func appendUnique(xs []string, x string) []string {
	if x == "" || slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
