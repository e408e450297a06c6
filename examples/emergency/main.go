// Command emergency is break-the-glass in an emergency department: a
// patient is brought in unconscious at night, and the attending physician
// asks the laboratory for everything it holds, including an opiate screen
// from a substance-use treatment program (42 CFR Part 2), an HIV test and
// psychotherapy notes.
//
// A request for emergency treatment without a stated reason is refused
// whole (45 CFR 164.506(c)(2); 164.530(c)). With the reason, the built-in
// policy releases the laboratory and HIV results as treatment, the Part 2
// record under the medical-emergency exception (42 CFR 2.51(a); not a
// disclosure with consent, so without the 2.32 notice), and withholds the
// psychotherapy notes, which no
// emergency reaches (164.508(a)(2)). Every emergency disclosure carries the
// "review" obligation: the next morning the privacy officer reads them off
// the audit log, with what 42 CFR 2.51(c) says must be documented — who
// received the records, who disclosed them, when, and the nature of the
// emergency.
//
// Run it with:
//
//	go run ./examples/emergency
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/examples/internal/desk"
	"github.com/custodianhq/custodian/examples/internal/records"
)

const patient = "Patient/pat2"

var night = time.Date(2026, 11, 24, 2, 40, 0, 0, time.UTC)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "emergency:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	var log bytes.Buffer
	engine, err := disclosure.New(disclosure.HIPAA(),
		disclosure.WithAudit(audit.NewJSONSink(&log)),
		disclosure.WithIDGenerator(desk.Counter("ed-")),
	)
	if err != nil {
		return err
	}
	record, err := records.Pat2()
	if err != nil {
		return err
	}
	ask := disclosure.Request{
		Patient:    patient,
		Requester:  consent.Party{ID: "Device/lis-interface", Name: "Laboratory information system", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Practitioner/dr-osei", Name: "Dr. A. Osei, Emergency Department, Mercy General", Kind: "provider"},
		Purpose:    consent.EmergencyTreatment,
		Categories: []consent.Category{consent.Laboratory, consent.HIV, consent.SubstanceUse, consent.Part2, consent.PsychotherapyNotes},
		Time:       night,
		// The opiate screen comes from a Part 2 program: its substance-use
		// label is a Part 2 record.
		Attributes: map[string]any{"part2_program": true},
	}

	fmt.Fprintf(w, "Mercy General emergency department, %s\n", night.Format("Mon 2 Jan 2006 15:04 MST"))
	fmt.Fprintf(w, "\n1. Break-the-glass without a reason\n")
	rel, err := engine.Release(ctx, ask, record)
	if err != nil {
		return err
	}
	desk.Decision(w, rel.Decision)
	desk.Record(w, rel.Record)

	ask.Reason = "unresponsive on arrival, suspected overdose; no history available"
	ask.Time = night.Add(2 * time.Minute)
	fmt.Fprintf(w, "\n2. Break-the-glass with the reason %q\n", ask.Reason)
	if rel, err = engine.Release(ctx, ask, record); err != nil {
		return err
	}
	desk.Decision(w, rel.Decision)
	desk.Record(w, rel.Record)
	if needsNotice(rel.Decision) {
		fmt.Fprintln(w, "   the records leave with the 42 CFR 2.32 notice prohibiting redisclosure")
	}

	fmt.Fprintln(w, "\nAudit trail:")
	if err := desk.Trail(w, log.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nPrivacy officer's review queue, next morning:")
	events, err := desk.Events(log.Bytes())
	if err != nil {
		return err
	}
	for _, ev := range events {
		if ev.Type != audit.TypeDisclosure || !slices.Contains(ev.Obligations, "review") {
			continue
		}
		fmt.Fprintf(w, "   %s  decision %s\n", ev.Time.Format("2006-01-02 15:04"), ev.ID)
		fmt.Fprintf(w, "     disclosed by:  %s\n", ev.Actor)
		fmt.Fprintf(w, "     received by:   %s (%s)\n", ev.RecipientName, ev.Recipient)
		fmt.Fprintf(w, "     emergency:     %s\n", ev.Reason)
		fmt.Fprintf(w, "     what:          %s, %d fields\n", strings.Join(ev.Categories, ", "), len(ev.Fields))
		fmt.Fprintf(w, "     basis:         %s\n", ev.Basis)
	}
	return nil
}

func needsNotice(d disclosure.Decision) bool {
	for _, o := range d.Outcomes {
		if o.Effect == consent.Permit && slices.Contains(o.Obligations, "redisclosure-notice") {
			return true
		}
	}
	return false
}
