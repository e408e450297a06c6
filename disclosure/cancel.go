package disclosure

import (
	"context"
	"errors"
	"fmt"

	"github.com/custodianhq/custodian/audit"
)

// CancelError is in the error of a Release, or of Cancel, whose
// cancellation event could not be put on record: the disclosure event it
// cancels may be on record although nothing was released, and an
// accounting of disclosures read from that record would list it. Event is
// the complete cancellation; emit it as it is once the sink is back.
type CancelError struct {
	Event audit.Event
	Err   error // wraps ErrAudit
}

// Error names the cancellation and the event it cancels.
func (e *CancelError) Error() string {
	return fmt.Sprintf("disclosure: cancellation %s of disclosure event %s not recorded: %v", e.Event.ID, e.Event.Cancels, e.Err)
}

// Unwrap returns the sink's error.
func (e *CancelError) Unwrap() error { return e.Err }

// disclose puts the disclosure event of d on record. When the sink fails,
// the event may be on record all the same (a Multi of which one sink
// failed, a line written but not synced), so a cancellation follows it.
func (e *Engine) disclose(ctx context.Context, d *Decision, fields, resources []string) error {
	if e.sink == audit.Discard {
		return nil
	}
	if err := e.emit(ctx, e.event(d, audit.TypeDisclosure, fields, resources)); err != nil {
		return errors.Join(err, e.cancel(ctx, d))
	}
	return nil
}

// Cancel puts on record that the disclosure of decision d did not happen
// after all, for a host whose delivery of a released record failed: it
// emits an [audit.TypeCancellation] event whose Cancels is d.ID, with a new
// ID from the engine's generator, dated by the engine's clock. The
// accounting of disclosures leaves a cancelled disclosure out.
//
// The event is emitted even when ctx is cancelled (its values are kept): a
// disclosure that did not happen must not stay on record. If the sink
// fails, the error is a [*CancelError] holding the event to emit later.
func (e *Engine) Cancel(ctx context.Context, d Decision) error {
	if d.ID == "" {
		return errors.New("disclosure: Cancel needs a decision with an ID")
	}
	if e.sink == audit.Discard {
		return nil
	}
	return e.cancel(ctx, &d)
}

// cancel emits the cancellation of d's disclosure event.
func (e *Engine) cancel(ctx context.Context, d *Decision) error {
	r := &d.Request
	ev := audit.Event{
		ID:            e.newID(),
		Time:          e.now(),
		Type:          audit.TypeCancellation,
		Cancels:       d.ID,
		Actor:         r.Requester.ID,
		Patient:       r.Patient,
		Recipient:     r.Recipient.ID,
		RecipientName: r.Recipient.Name,
		Purpose:       string(r.Purpose),
		CorrelationID: r.CorrelationID,
		PolicyName:    e.policy.name,
		PolicyVersion: e.policy.version,
		PolicyHash:    e.policy.hash,
	}
	if err := e.emit(context.WithoutCancel(ctx), ev); err != nil {
		return &CancelError{Event: ev, Err: err}
	}
	return nil
}
