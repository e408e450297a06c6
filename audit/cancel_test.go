package audit_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// cancellationEvents are two accountable disclosures about Patient/a, one
// about Patient/b, and the cancellations the tests choose.
func cancellationEvents(cancels ...audit.Event) []audit.Event {
	d := func(id, patient string, at time.Duration) audit.Event {
		return audit.Event{
			ID: id, Time: t0.Add(at), Type: audit.TypeDisclosure, Patient: patient,
			Recipient: "Organization/health-dept", Purpose: "PUBHLTH", Categories: []string{"LAB"},
			Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		}
	}
	return append([]audit.Event{d("d1", "Patient/a", time.Hour), d("d2", "Patient/a", 2*time.Hour), d("d3", "Patient/b", time.Hour)}, cancels...)
}

func cancel(id, cancels, patient string) audit.Event {
	return audit.Event{ID: id, Time: t0.Add(3 * time.Hour), Type: audit.TypeCancellation, Patient: patient, Cancels: cancels}
}

func TestCancellation(t *testing.T) {
	tests := []struct {
		name    string
		cancels []audit.Event
		wantA   []string // Accounting of Patient/a
		wantAll []string // FindAffected, every patient's disclosures
	}{
		{"none", nil, []string{"d1", "d2"}, []string{"d1", "d2", "d3"}},
		{"one cancelled", []audit.Event{cancel("c1", "d2", "Patient/a")}, []string{"d1"}, []string{"d1", "d3"}},
		{"no patient named", []audit.Event{cancel("c1", "d1", "")}, []string{"d2"}, []string{"d2", "d3"}},
		{"another patient named: cancels nothing", []audit.Event{cancel("c1", "d1", "Patient/b")}, []string{"d1", "d2"}, []string{"d1", "d2", "d3"}},
		{"unknown ID: cancels nothing", []audit.Event{cancel("c1", "d9", "Patient/a")}, []string{"d1", "d2"}, []string{"d1", "d2", "d3"}},
		{"empty Cancels: cancels nothing", []audit.Event{cancel("c1", "", "Patient/a")}, []string{"d1", "d2"}, []string{"d1", "d2", "d3"}},
		{"a decision is no cancellation", []audit.Event{{ID: "x", Type: audit.TypeDecision, Patient: "Patient/a", Cancels: "d1"}}, []string{"d1", "d2"}, []string{"d1", "d2", "d3"}},
		{"every disclosure of a patient", []audit.Event{cancel("c1", "d1", "Patient/a"), cancel("c2", "d2", "Patient/a")}, nil, []string{"d3"}},
	}
	for _, tt := range tests {
		events := cancellationEvents(tt.cancels...)
		// The same events in every order: the cancellation first, last, in between.
		for _, order := range [][]audit.Event{events, reversed(events), rotated(events)} {
			t.Run(tt.name, func(t *testing.T) {
				var ids []string
				for _, e := range audit.Accounting(slices.Values(order), "Patient/a", t0, time.Time{}) {
					ids = append(ids, e.EventID)
				}
				assert.Equal(t, tt.wantA, ids, "accounting")

				ids = nil
				for _, a := range audit.FindAffected(slices.Values(order), nil) {
					for _, d := range a.Disclosures {
						ids = append(ids, d.EventID)
					}
				}
				slices.Sort(ids)
				assert.Equal(t, tt.wantAll, ids, "affected")
			})
		}
	}
}

// TestCancellationCancelsOneDisclosure checks that a cancellation cancels
// one disclosure event, not every event with the ID: a release retried
// under the same decision ID after a cancelled first attempt happened once.
func TestCancellationCancelsOneDisclosure(t *testing.T) {
	d := audit.Event{
		ID: "d1", Time: t0, Type: audit.TypeDisclosure, Patient: "Patient/a", Recipient: "Organization/x",
		Categories: []string{"LAB"}, Obligations: []string{"account"},
	}
	c := cancel("c1", "d1", "Patient/a")
	tests := []struct {
		name   string
		events []audit.Event
		want   int
	}{
		{"retried after a cancelled attempt", []audit.Event{d, c, d}, 1},
		{"the cancellation written twice", []audit.Event{d, c, c, d}, 1},
		{"both attempts cancelled", []audit.Event{d, c, d, cancel("c2", "d1", "Patient/a")}, 0},
		{"cancellations first", []audit.Event{c, cancel("c2", "d1", ""), d, d}, 0},
		{"one named, one not, three attempts", []audit.Event{d, d, d, c, cancel("c2", "d1", "")}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range [][]audit.Event{tt.events, reversed(tt.events)} {
				assert.Len(t, audit.Accounting(slices.Values(order), "Patient/a", t0, time.Time{}), tt.want, "accounting")
				n := 0
				for _, a := range audit.FindAffected(slices.Values(order), nil) {
					n += len(a.Disclosures)
				}
				assert.Equal(t, tt.want, n, "affected")
			}
		})
	}
}

// TestCancelledAttemptOutsideTheSelection checks that the cancellation of
// a release's first attempt cancels that attempt even when the period or
// the match leaves it out, and never the retry that did disclose.
func TestCancelledAttemptOutsideTheSelection(t *testing.T) {
	first := audit.Event{
		ID: "d1", Time: t0, Type: audit.TypeDisclosure, Patient: "Patient/a", Recipient: "Organization/x",
		Categories: []string{"LAB"}, Obligations: []string{"account"},
	}
	retry := first
	retry.Time = t0.Add(2 * time.Hour)
	c := cancel("c1", "d1", "Patient/a")
	c.Time = t0.Add(time.Hour)
	for _, order := range [][]audit.Event{{first, c, retry}, {retry, c, first}, {c, retry, first}} {
		got := audit.Accounting(slices.Values(order), "Patient/a", t0.Add(90*time.Minute), time.Time{})
		require.Len(t, got, 1, "accounting of a period that starts after the first attempt")
		assert.Equal(t, retry.Time, got[0].Time)

		late := audit.FindAffected(slices.Values(order), func(e audit.Event) bool { return e.Time.After(t0.Add(90 * time.Minute)) })
		require.Len(t, late, 1, "affected by a match that leaves the first attempt out")
		require.Len(t, late[0].Disclosures, 1)
		assert.Equal(t, retry.Time, late[0].Disclosures[0].Time)

		early := audit.Accounting(slices.Values(order), "Patient/a", t0, t0.Add(90*time.Minute))
		assert.Empty(t, early, "the first attempt, cancelled, is not listed")
	}
}

// TestFindAffectedMatchNotAskedAboutCancellations checks that a match
// that selects disclosures by recipient does not keep a cancellation
// (which names no recipient) from applying.
func TestFindAffectedMatchNotAskedAboutCancellations(t *testing.T) {
	events := cancellationEvents(cancel("c1", "d3", "Patient/b"))
	got := audit.FindAffected(slices.Values(events), func(e audit.Event) bool {
		require.NotEqual(t, audit.TypeCancellation, e.Type, "match asked about a cancellation")
		return e.Recipient == "Organization/health-dept"
	})
	require.Len(t, got, 1)
	assert.Equal(t, "Patient/a", got[0].Patient)
}

// TestCancellationFromLog checks the whole path: a disclosure, then its
// cancellation, written to a JSON log and read back.
func TestCancellationFromLog(t *testing.T) {
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf)
	for _, e := range cancellationEvents(cancel("c1", "d1", "Patient/a")) {
		require.NoError(t, s.Emit(context.Background(), e))
	}
	var err error
	// The period ends before the cancellation was written: it still applies.
	got := audit.Accounting(audit.Events(audit.ReadLog(bytes.NewReader(buf.Bytes())), &err), "Patient/a", t0, t0.Add(150*time.Minute))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "d2", got[0].EventID)
}

func reversed(es []audit.Event) []audit.Event {
	out := slices.Clone(es)
	slices.Reverse(out)
	return out
}

func rotated(es []audit.Event) []audit.Event {
	if len(es) < 2 {
		return es
	}
	return append(slices.Clone(es[len(es)/2:]), es[:len(es)/2]...)
}
