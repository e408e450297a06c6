package disclosure

import (
	"context"
	"testing"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// nopSink keeps nothing but is a real sink: the engine builds every event.
type nopSink struct{}

func (nopSink) Emit(context.Context, audit.Event) error { return nil }

// BenchmarkReleaseParts times Release on the lipids Bundle (a health plan,
// for payment, under the built-in policy) beside its parts measured on
// their own: Decide, the view's Apply and one Emit. Release should cost
// little more than their sum.
func BenchmarkReleaseParts(b *testing.B) {
	record := lipidsBundle(b)
	e, err := New(HIPAA(), WithAudit(nopSink{}))
	if err != nil {
		b.Fatal(err)
	}
	r := Request{
		Patient:    "Patient/pat2",
		Requester:  consent.Party{ID: "Practitioner/billing", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/plan", Name: "Health Plan", Kind: "health-plan"},
		Purpose:    consent.Payment,
		Categories: []consent.Category{consent.Laboratory},
		Time:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
	}
	ctx := context.Background()
	rel, err := e.Release(ctx, r, record)
	if err != nil || rel.Record == nil {
		b.Fatal(err, rel.Decision.Outcomes)
	}
	view := e.view(rel.Decision.Outcomes[0].View)
	withheld := make([]string, 0, len(e.protected))
	for _, c := range e.protected {
		withheld = append(withheld, string(c))
	}
	ev := e.event(&rel.Decision, audit.TypeDisclosure, rel.Fields, rel.Resources)
	parts := map[string]func(){
		"release": func() {
			if _, err := e.Release(ctx, r, record); err != nil {
				b.Fatal(err)
			}
		},
		"decide": func() {
			if _, err := e.Decide(ctx, r); err != nil {
				b.Fatal(err)
			}
		},
		"apply": func() {
			if _, _, err := view.Apply(record, withheld...); err != nil {
				b.Fatal(err)
			}
		},
		"emit": func() { _ = e.sink.Emit(ctx, ev) },
	}
	for _, name := range []string{"decide", "apply", "emit", "release"} {
		f := parts[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f()
			}
		})
	}
}
