package audit

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"time"
)

// ObligationAccount is the obligation that puts a disclosure into the
// accounting of disclosures.
const ObligationAccount = "account"

// Entry is one disclosure as a patient reads it in an accounting of
// disclosures (45 CFR 164.528(b)(2)): the date, the recipient, a brief
// description of what was disclosed, and the purpose and legal basis.
type Entry struct {
	Time          time.Time // date of the disclosure                           (b)(2)(i)
	Recipient     string    // the recipient's party ID
	RecipientName string    // the recipient's name and, if known, address       (b)(2)(ii)
	Categories    []string  // the categories disclosed (codes)
	Fields        []string  // the record elements disclosed
	Description   string    // the categories and elements in words              (b)(2)(iii)
	Purpose       string    // the PurposeOfUse code
	PurposeText   string    // the purpose in words                              (b)(2)(iv)
	Basis         string    // the legal basis, e.g. "45 CFR 164.512(b)"
	EventID       string    // the audit event the entry comes from
}

// Accounting returns the disclosures of patient's information that the
// patient is entitled to see under 45 CFR 164.528: the events of type
// [TypeDisclosure] about patient whose Obligations include "account"
// ([ObligationAccount]), made in [from, to), sorted by time (then event
// ID). A zero to means no upper bound.
//
// When an event carries per-category outcomes, an entry lists only the
// categories whose own obligations include "account" (with their bases): a
// request that released laboratory results for treatment and HIV results
// to public health puts only the HIV results in the accounting. Fields are
// not split by category and are listed whole.
//
// # What is left out, and who decides
//
// 164.528(a)(1) excludes disclosures: to carry out treatment, payment and
// health care operations (164.506); to the individual; incident to a
// permitted use or disclosure; under an authorization (164.508); for a
// facility directory or to persons involved in the individual's care or
// for notification (164.510); for national security or intelligence
// (164.512(k)(2)); to correctional institutions or law enforcement
// officials having custody (164.512(k)(5)); as part of a limited data set
// (164.514(e)); and those made before the compliance date. Accounting does
// not judge the law again: the policy decides, rule by rule, and leaves
// "account" off the obligations of the rules for those disclosures. What
// is accountable is mainly the 164.512 disclosures made without
// authorization (public health, oversight, judicial, law enforcement,
// research under a waiver) and impermissible disclosures, including
// breaches, which the host must add as events of its own.
//
// # Period, suspension, repeated disclosures
//
// A patient may ask for disclosures made up to six years before the
// request (164.528(a)(1)), or a shorter period; [AccountingPeriod] gives
// the six-year window, and the caller picks from and to. A suspension at
// the request of a health oversight agency or law enforcement official
// (164.528(a)(2)) is the caller's to apply: Accounting knows nothing of
// it. Repeated disclosures to one recipient for one purpose may be
// summarized (164.528(b)(3)); Accounting lists each one, and the caller
// may summarize.
//
// # Cancelled disclosures
//
// A disclosure event is written before the information leaves; when the
// release fails after that (another sink refused the event, or the host's
// delivery failed), a [TypeCancellation] event whose Cancels is the
// disclosure event's ID says it did not happen. Accounting leaves out every
// disclosure cancelled by a cancellation among the events given, whether
// the cancellation comes after the disclosure, before it, or in another
// log merged in; a cancellation that names a patient other than the
// disclosure's cancels nothing. Each cancellation cancels one disclosure
// event: a release retried under the same decision ID after its first
// attempt was cancelled is listed once, and a cancellation read twice
// (same event ID) counts once. Cancellations fall on the earliest
// attempts first, those outside the period included, so that the
// cancellation of a first attempt before from never hides the retry. The events given must therefore include
// the cancellations: a period cut short at to may end before a
// cancellation written late, so read the log to its end and let from and
// to select.
//
// If even the cancellation cannot be written, the log says the information
// left and Accounting lists it: the patient is told of a disclosure that
// did not happen, never left unaware of one that did. The host sees the
// failure as the error of the release (or of its own Emit of the
// cancellation), and should write the cancellation again once the audit
// trail accepts events; it may come at any later point of the log.
func Accounting(events iter.Seq[Event], patient string, from, to time.Time) []Entry {
	var as []attempt
	cancelled := cancellations{}
	for e := range events {
		if cancelled.add(&e) || e.Type != TypeDisclosure || e.Patient != patient {
			continue
		}
		a := attempt{id: e.ID, patient: e.Patient, at: e.Time}
		if !e.Time.Before(from) && (to.IsZero() || e.Time.Before(to)) && slices.Contains(e.Obligations, ObligationAccount) {
			cats, basis := e.Categories, e.Basis
			if len(e.PerCategory) > 0 {
				cats, basis = accountable(e.PerCategory)
			}
			if len(cats) > 0 || len(e.PerCategory) == 0 {
				a.entry, a.selected = entryOf(&e, cats, basis), true
			}
		}
		as = append(as, a)
	}
	var out []Entry
	for _, a := range cancelled.selected(as) {
		out = append(out, a.entry)
	}
	sortEntries(out)
	return out
}

// AccountingPeriod returns the longest period an accounting requested at
// the given time may cover: the six years before it, [at-6y, at).
func AccountingPeriod(at time.Time) (from, to time.Time) {
	return at.AddDate(-6, 0, 0), at
}

// accountable returns the permitted categories whose obligations include
// "account", and their bases joined by ",".
func accountable(pc []CategoryOutcome) (cats []string, basis string) {
	var bases []string
	for _, c := range pc {
		if c.Effect != OutcomePermit || !slices.Contains(c.Obligations, ObligationAccount) {
			continue
		}
		cats = append(cats, c.Category)
		bases = appendUnique(bases, c.Basis)
	}
	return cats, strings.Join(bases, ",")
}

// entryOf makes the entry of a disclosure event that disclosed the given
// categories on the given basis.
func entryOf(e *Event, categories []string, basis string) Entry {
	return Entry{
		Time:          e.Time,
		Recipient:     e.Recipient,
		RecipientName: e.RecipientName,
		Categories:    slices.Clone(categories),
		Fields:        slices.Clone(e.Fields),
		Description:   describe(categories, e.Fields),
		Purpose:       e.Purpose,
		PurposeText:   PurposeText(e.Purpose),
		Basis:         basis,
		EventID:       e.ID,
	}
}

func sortEntries(es []Entry) {
	slices.SortStableFunc(es, func(a, b Entry) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.EventID, b.EventID)
	})
}
