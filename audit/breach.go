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
// asked about cancellations, and a cancelled attempt that match leaves out
// still uses up its cancellation. A disclosure whose cancellation could not be
// written stays in the list.
func FindAffected(events iter.Seq[Event], match func(Event) bool) []Affected {
	var as []attempt
	cancelled := cancellations{}
	for e := range events {
		if cancelled.add(&e) || e.Type != TypeDisclosure {
			continue
		}
		a := attempt{id: e.ID, patient: e.Patient, at: e.Time}
		if match == nil || match(e) {
			a.entry, a.selected = entryOf(&e, e.Categories, e.Basis), true
		}
		as = append(as, a)
	}
	byPatient := map[string]*Affected{}
	for _, a := range cancelled.selected(as) {
		d := byPatient[a.patient]
		if d == nil {
			d = &Affected{Patient: a.patient}
			byPatient[a.patient] = d
		}
		d.Disclosures = append(d.Disclosures, a.entry)
		for _, c := range a.entry.Categories {
			d.Categories = appendUnique(d.Categories, c)
		}
		d.Recipients = appendUnique(d.Recipients, a.entry.Recipient)
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
