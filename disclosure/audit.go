package disclosure

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

const levelWarn = slog.LevelWarn

func ruleAttr(id string) slog.Attr { return slog.String("rule", id) }
func errAttr(err error) slog.Attr  { return slog.String("error", err.Error()) }

// event builds the audit event of a decision. For a disclosure, fields are
// the record paths released and resources the resources released ("Type/id",
// one per Bundle entry). Every event names the policy that decided (its
// name, version and hash) and the request's correlation ID.
func (e *Engine) event(d *Decision, typ audit.EventType, fields, resources []string) audit.Event {
	r := &d.Request
	ev := audit.Event{
		ID:            d.ID,
		Time:          d.Time,
		Type:          typ,
		Actor:         r.Requester.ID,
		Patient:       r.Patient,
		Recipient:     r.Recipient.ID,
		RecipientName: r.Recipient.Name,
		Purpose:       string(r.Purpose),
		Reason:        r.Reason,
		Fields:        fields,
		Resources:     resources,
		CorrelationID: r.CorrelationID,
		PolicyName:    e.policy.name,
		PolicyVersion: e.policy.version,
		PolicyHash:    e.policy.hash,
		PerCategory:   make([]audit.CategoryOutcome, len(d.Outcomes)),
	}
	permitted := 0
	var rules, bases, consents []string
	for i, o := range d.Outcomes {
		ev.PerCategory[i] = audit.CategoryOutcome{
			Category: string(o.Category), Effect: o.Effect.String(), Rule: o.Rule,
			Basis: o.Basis, ConsentID: o.ConsentID, Obligations: o.Obligations,
		}
		if o.Effect == consent.Permit {
			permitted++
		}
		// A disclosure event speaks of what left: the permitted categories.
		if typ == audit.TypeDisclosure && o.Effect != consent.Permit {
			continue
		}
		ev.Categories = append(ev.Categories, string(o.Category))
		rules = addNew(rules, o.Rule)
		bases = addNew(bases, o.Basis)
		consents = addNew(consents, o.ConsentID)
		for _, ob := range o.Obligations {
			ev.Obligations = addNew(ev.Obligations, ob)
		}
	}
	switch permitted {
	case len(d.Outcomes):
		ev.Outcome = audit.OutcomePermit
	case 0:
		ev.Outcome = audit.OutcomeDeny
	default:
		ev.Outcome = audit.OutcomePartial
	}
	ev.Rule, ev.Basis, ev.ConsentID = strings.Join(rules, ","), strings.Join(bases, ","), strings.Join(consents, ",")
	return ev
}

func addNew(xs []string, x string) []string {
	if x == "" || slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// record builds the event of a decision and hands it to the engine's sink.
// With [audit.Discard] no event is built.
func (e *Engine) record(ctx context.Context, d *Decision, t audit.EventType, fields []string) error {
	if e.sink == audit.Discard {
		return nil
	}
	return e.emit(ctx, e.event(d, t, fields, nil))
}

// emit hands an event to the engine's sink.
func (e *Engine) emit(ctx context.Context, ev audit.Event) error {
	if err := emitSafely(ctx, e.sink, ev); err != nil {
		return fmt.Errorf("%w: event %s: %w", ErrAudit, ev.ID, err)
	}
	return nil
}

// emitSafely hands an event to a sink, turning a panic of the sink into an
// error.
func emitSafely(ctx context.Context, sink audit.Sink, ev audit.Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sink panicked: %v", p)
		}
	}()
	return sink.Emit(ctx, ev)
}
