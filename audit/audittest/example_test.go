package audittest_test

import (
	"context"
	"fmt"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

// A Recorder stands in for the audit sink in a host's test; the matchers
// say what the events should be, and Expect and ExpectExactly return an
// error naming what did not match. In a test, rec.Expect(t, ...) reports
// that error with t.Error.
func ExampleRecorder() {
	rec := audittest.NewRecorder()
	ctx := context.Background()
	// The host under test emits its events to rec.
	_ = rec.Emit(ctx, audit.Event{ID: "dec-1", Type: audit.TypeDecision, Patient: "Patient/p1", Outcome: audit.OutcomePermit})
	_ = rec.Emit(ctx, audit.Event{
		ID: "dec-1", Type: audit.TypeDisclosure, Patient: "Patient/p1", Recipient: "Organization/county-health",
		Purpose: "PUBHLTH", Categories: []string{"LAB"}, Obligations: []string{"account"},
	})

	fmt.Println(rec.Len(), "events")
	fmt.Println("decision then accountable disclosure:", audittest.Expect(rec.Events(),
		audittest.All(audittest.Type(audit.TypeDecision), audittest.Outcome(audit.OutcomePermit)),
		audittest.All(audittest.Type(audit.TypeDisclosure), audittest.Obligation("account"), audittest.Category("LAB")),
	))
	fmt.Println(audittest.ExpectExactly(rec.Events(),
		audittest.Type(audit.TypeDecision),
		audittest.All(audittest.Recipient("Organization/county-health"), audittest.Purpose("TREAT")),
	))
	fmt.Println(len(rec.Filter(audittest.Patient("Patient/p1"), audittest.Not(audittest.Type(audit.TypeDecision)))), "disclosure")
	// Output:
	// 2 events
	// decision then accountable disclosure: <nil>
	// audittest: event 2 (id dec-1): purpose is "PUBHLTH", want "TREAT"
	// 1 disclosure
}

// FailAfter gives a sink that accepts some events and then fails, to test
// that the host fails closed when the audit trail refuses an event.
func ExampleFailAfter() {
	sink := audittest.FailAfter(1, nil)
	ctx := context.Background()
	fmt.Println(sink.Emit(ctx, audit.Event{ID: "e1"}))
	fmt.Println(sink.Emit(ctx, audit.Event{ID: "e2"}))
	fmt.Println(len(sink.Events()), "accepted,", sink.Failures(), "failed")
	// Output:
	// <nil>
	// audittest: injected sink failure
	// 1 accepted, 1 failed
}
