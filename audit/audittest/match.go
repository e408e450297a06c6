package audittest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/custodianhq/custodian/audit"
)

// Matcher checks one event: it returns nil if the event matches, or an
// error saying how it differs.
type Matcher func(audit.Event) error

// Type matches events of type t.
func Type(t audit.EventType) Matcher {
	return field("type", t, func(e audit.Event) audit.EventType { return e.Type })
}

// ID matches the event with this ID.
func ID(id string) Matcher { return field("id", id, func(e audit.Event) string { return e.ID }) }

// Patient matches events about patient.
func Patient(patient string) Matcher {
	return field("patient", patient, func(e audit.Event) string { return e.Patient })
}

// Recipient matches events whose recipient is this party ID.
func Recipient(id string) Matcher {
	return field("recipient", id, func(e audit.Event) string { return e.Recipient })
}

// Actor matches events whose actor is this party ID.
func Actor(id string) Matcher {
	return field("actor", id, func(e audit.Event) string { return e.Actor })
}

// Purpose matches events with this PurposeOfUse code.
func Purpose(code string) Matcher {
	return field("purpose", code, func(e audit.Event) string { return e.Purpose })
}

// Outcome matches events with this outcome ("permit", "partial", "deny",
// or for consent events "stored", "revoked").
func Outcome(o string) Matcher {
	return field("outcome", o, func(e audit.Event) string { return e.Outcome })
}

// Rule matches events whose Rule is id.
func Rule(id string) Matcher { return field("rule", id, func(e audit.Event) string { return e.Rule }) }

// Basis matches events whose Basis is basis.
func Basis(basis string) Matcher {
	return field("basis", basis, func(e audit.Event) string { return e.Basis })
}

// Obligation matches events whose Obligations include ob.
func Obligation(ob string) Matcher {
	return contains("obligations", ob, func(e audit.Event) []string { return e.Obligations })
}

// Category matches events whose Categories include c.
func Category(c string) Matcher {
	return contains("categories", c, func(e audit.Event) []string { return e.Categories })
}

// Field matches events whose Fields include path.
func Field(path string) Matcher {
	return contains("fields", path, func(e audit.Event) []string { return e.Fields })
}

// Resource matches events whose Resources include ref ("Type/id").
func Resource(ref string) Matcher {
	return contains("resources", ref, func(e audit.Event) []string { return e.Resources })
}

// Policy matches events decided by the policy of this declared name.
func Policy(name string) Matcher {
	return field("policy_name", name, func(e audit.Event) string { return e.PolicyName })
}

// CorrelationID matches events caused by the host's request with this ID.
func CorrelationID(id string) Matcher {
	return field("correlation_id", id, func(e audit.Event) string { return e.CorrelationID })
}

// Cancels matches cancellation events that cancel the event with this ID.
func Cancels(id string) Matcher {
	return field("cancels", id, func(e audit.Event) string { return e.Cancels })
}

// Func matches events for which f returns true; desc says what it checks.
func Func(desc string, f func(audit.Event) bool) Matcher {
	return func(e audit.Event) error {
		if f(e) {
			return nil
		}
		return fmt.Errorf("not %s", desc)
	}
}

// All matches events that match every one of ms.
func All(ms ...Matcher) Matcher {
	return func(e audit.Event) error {
		var errs []error
		for _, m := range ms {
			if err := m(e); err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) > 0 {
			return joinFlat(errs)
		}
		return nil
	}
}

// Not matches events that m does not match.
func Not(m Matcher) Matcher {
	return func(e audit.Event) error {
		if m(e) == nil {
			return errors.New("matched a negated matcher")
		}
		return nil
	}
}

// Filter returns the events that match every matcher.
func Filter(events []audit.Event, ms ...Matcher) []audit.Event {
	m := All(ms...)
	var out []audit.Event
	for _, e := range events {
		if m(e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// Expect checks that, for each matcher in turn, some event after the one
// that matched the previous matcher matches it: the matchers describe a
// subsequence of events, in order. Other events may come between. It
// returns nil or an error naming the first matcher left unmatched.
func Expect(events []audit.Event, ms ...Matcher) error {
	i := 0
	for k, m := range ms {
		var last error
		found := false
		for ; i < len(events); i++ {
			if last = m(events[i]); last == nil {
				found = true
				i++
				break
			}
		}
		if !found {
			if last == nil {
				return fmt.Errorf("audittest: matcher %d: no events left to match (%d recorded)", k+1, len(events))
			}
			return fmt.Errorf("audittest: matcher %d matches no event after the previous match (%d recorded); last event: %v", k+1, len(events), last)
		}
	}
	return nil
}

// ExpectExactly checks that there are as many events as matchers and that
// event i matches matcher i. It returns nil or an error naming every
// mismatch.
func ExpectExactly(events []audit.Event, ms ...Matcher) error {
	var errs []error
	if len(events) != len(ms) {
		errs = append(errs, fmt.Errorf("audittest: %d events, want %d", len(events), len(ms)))
	}
	for i := range min(len(events), len(ms)) {
		if err := ms[i](events[i]); err != nil {
			errs = append(errs, fmt.Errorf("audittest: event %d (id %s): %v", i+1, events[i].ID, err))
		}
	}
	return errors.Join(errs...)
}

func field[T ~string](name string, want T, get func(audit.Event) T) Matcher {
	return func(e audit.Event) error {
		if got := get(e); got != want {
			return fmt.Errorf("%s is %q, want %q", name, got, want)
		}
		return nil
	}
}

func contains(name, want string, get func(audit.Event) []string) Matcher {
	return func(e audit.Event) error {
		if got := get(e); !slices.Contains(got, want) {
			return fmt.Errorf("%s %q do not include %q", name, got, want)
		}
		return nil
	}
}

// joinFlat joins errors on one line.
func joinFlat(errs []error) error {
	s := make([]string, len(errs))
	for i, err := range errs {
		s[i] = err.Error()
	}
	return errors.New(strings.Join(s, "; "))
}
