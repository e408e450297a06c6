package audit

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// SlogSink writes each event as a log/slog record: message "audit", the
// event's fields as attributes under the group "audit" (by default) with
// the JSON field names, at level Info (by default).
//
// Emit hands the record to the logger's handler directly and returns the
// handler's error, which slog.Logger's own methods discard. If the handler
// is not enabled for the sink's level, Emit returns [ErrLevelDisabled]
// instead of claiming the event recorded: choose a level the handler keeps
// with [SlogLevel]. The record's time is when Emit was called; the event's
// own time is the attribute "time".
//
// A SlogSink is safe for concurrent use if its handler is, as slog's
// handlers are.
type SlogSink struct {
	l     *slog.Logger
	level slog.Level
	group string
}

// SlogOption configures a SlogSink.
type SlogOption func(*SlogSink)

// SlogLevel sets the level of the records; the default is slog.LevelInfo.
func SlogLevel(l slog.Level) SlogOption { return func(s *SlogSink) { s.level = l } }

// SlogGroup sets the group the attributes are put in; the default is
// "audit". An empty name puts them at the top level of the record.
func SlogGroup(name string) SlogOption { return func(s *SlogSink) { s.group = name } }

// NewSlogSink returns a sink that logs to l; a nil l logs to
// slog.Default().
func NewSlogSink(l *slog.Logger, opts ...SlogOption) *SlogSink {
	if l == nil {
		l = slog.Default()
	}
	s := &SlogSink{l: l, level: slog.LevelInfo, group: "audit"}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Emit logs e. It logs e even if ctx is already cancelled, and hands the
// handler a context without ctx's cancellation but with its values: a
// decision already made is never left unrecorded for that reason (the
// contract of slog.Handler.Handle).
func (s *SlogSink) Emit(ctx context.Context, e Event) error {
	ctx = context.WithoutCancel(ctx)
	h := s.l.Handler()
	if !h.Enabled(ctx, s.level) {
		return fmt.Errorf("%w: %v", ErrLevelDisabled, s.level)
	}
	r := slog.NewRecord(time.Now(), s.level, "audit", 0)
	attrs := eventAttrs(&e)
	if s.group != "" {
		r.AddAttrs(slog.Attr{Key: s.group, Value: slog.GroupValue(attrs...)})
	} else {
		r.AddAttrs(attrs...)
	}
	if err := h.Handle(ctx, r); err != nil {
		return fmt.Errorf("audit: event %q: log handler: %w", e.ID, err)
	}
	return nil
}

// eventAttrs returns every field of e as an attribute named as in JSON.
// Lists are slices ([]string, []CategoryOutcome), which slog.JSONHandler
// writes as JSON arrays with the JSON field names.
func eventAttrs(e *Event) []slog.Attr {
	pc := e.PerCategory
	if pc == nil {
		pc = []CategoryOutcome{}
	}
	attrs := make([]slog.Attr, 0, 26)
	attrs = append(attrs,
		slog.String("id", e.ID),
		slog.Time("time", e.Time),
		slog.String("type", string(e.Type)),
		slog.String("actor", e.Actor),
		slog.String("patient", e.Patient),
		slog.String("recipient", e.Recipient),
		slog.String("recipient_name", e.RecipientName),
		slog.String("purpose", e.Purpose),
		slog.String("outcome", e.Outcome),
		slog.Any("categories", nonNil(e.Categories)),
		slog.Any("fields", nonNil(e.Fields)),
		slog.String("rule", e.Rule),
		slog.String("basis", e.Basis),
		slog.String("consent_id", e.ConsentID),
		slog.String("reason", e.Reason),
		slog.Any("obligations", nonNil(e.Obligations)),
	)
	// The fields the JSON log writes only when set are logged only when set.
	attrs = appendSet(attrs, "policy_name", e.PolicyName)
	attrs = appendSet(attrs, "policy_version", e.PolicyVersion)
	attrs = appendSet(attrs, "policy_hash", e.PolicyHash)
	if len(e.Resources) > 0 {
		attrs = append(attrs, slog.Any("resources", e.Resources))
	}
	attrs = appendSet(attrs, "correlation_id", e.CorrelationID)
	attrs = appendSet(attrs, "cancels", e.Cancels)
	attrs = append(attrs,
		slog.Any("per_category", pc),
		slog.Uint64("seq", e.Seq),
		slog.String("prev_hash", e.PrevHash),
		slog.String("hash", e.Hash),
	)
	return attrs
}

func appendSet(attrs []slog.Attr, key, v string) []slog.Attr {
	if v == "" {
		return attrs
	}
	return append(attrs, slog.String(key, v))
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
