package audit_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
)

// An AsyncSink's Emit returns once the event is queued; what is on record
// is known from Close, which drains the queue and returns the inner sink's
// errors. Here the inner sink refuses the third event.
func ExampleAsyncSink() {
	inner := audittest.FailAfter(2, nil)
	sink := audit.NewAsyncSink(inner, 16)
	ctx := context.Background()
	for i := range 3 {
		if err := sink.Emit(ctx, audit.Event{ID: fmt.Sprintf("e%d", i+1)}); err != nil {
			fmt.Println("not queued:", err)
		}
	}
	err := sink.Close(ctx)
	fmt.Println("on record:", len(inner.Events()), "of 3")
	fmt.Println("Close reports the refusal:", errors.Is(err, audittest.ErrInjected))
	fmt.Println("after Close:", errors.Is(sink.Emit(ctx, audit.Event{ID: "e4"}), audit.ErrClosed))
	fmt.Println("deferred:", audit.IsDeferred(sink))
	// Output:
	// on record: 2 of 3
	// Close reports the refusal: true
	// after Close: true
	// deferred: true
}
