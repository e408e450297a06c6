// Command labdesk is a laboratory's release-of-information desk on one
// morning, run on Custodian's built-in defaults: the HIPAA policy, an
// in-memory consent store and a hash-chained JSON audit log.
//
// Four parties ask for the results of one patient (a lipid panel, an HIV
// antibody test and an opiate screen from a substance-use treatment
// program):
//
//  1. the patient's employer, under an authorization the patient signed for
//     laboratory results only;
//  2. the state health department, for a report the law requires;
//  3. a lawyer, for litigation, without a court order;
//  4. the patient, through the portal, after verifying their identity.
//
// For each it prints the decision per category with its legal basis and
// obligations, and what of the record was released; then the audit trail
// (verified) and the patient's accounting of disclosures.
//
// Run it with:
//
//	go run ./examples/labdesk
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// record is a Bundle of the patient pat2: the Patient, a lipid panel (HL7
// FHIR R4 examples, CC0), an HIV antibody result labelled HIV and an opiate
// screen labelled ETH (42 CFR Part 2). See testdata/SOURCES.md.
//
//go:embed record.json
var record []byte

const patient = "Patient/pat2"

// morning is the instant the desk works at, so that the output is the same
// on every run.
var morning = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "labdesk:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	clock := func() time.Time { return morning }

	var logFile bytes.Buffer // the host's append-only audit log
	sink := audit.NewJSONSink(&logFile)

	// Consents go through an audited store, so storing one is on record too.
	consents := disclosure.NewAuditedStore(consent.NewMemoryStore(), sink, "Device/roi-desk")
	auth := employerAuthorization()
	if err := auth.Validate(); err != nil {
		return fmt.Errorf("authorization: %w", err)
	}
	if err := consents.Put(ctx, auth); err != nil {
		return err
	}

	engine, err := disclosure.New(disclosure.HIPAA(),
		disclosure.WithConsents(consents),
		disclosure.WithAudit(sink),
		disclosure.WithClock(clock),
		disclosure.WithIDGenerator(counter("roi-")),
	)
	if err != nil {
		return err
	}

	var rec map[string]any
	if err := json.Unmarshal(record, &rec); err != nil {
		return err
	}

	fmt.Fprintf(w, "Northside Laboratory, release of information, %s\n", morning.Format("Mon 2 Jan 2006 15:04 MST"))
	fmt.Fprintf(w, "Patient %s: lipid panel (LAB), HIV-1 antibody (HIV), opiate screen (ETH)\n", patient)
	fmt.Fprintf(w, "\nThe patient's authorization on file:\n%s\n", indent(auth.Describe(), "  "))

	for i, q := range requests() {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, q.title)
		rel, err := engine.Release(ctx, q.req, rec)
		if err != nil {
			return fmt.Errorf("request %d: %w", i+1, err)
		}
		printRelease(w, rel)
	}

	if err := audit.Verify(bytes.NewReader(logFile.Bytes())); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	var events []audit.Event
	for e, err := range audit.ReadEvents(bytes.NewReader(logFile.Bytes())) {
		if err != nil {
			return err
		}
		events = append(events, e)
	}
	fmt.Fprintf(w, "\nAudit trail (%d events, hash chain verified):\n", len(events))
	for _, e := range events {
		fmt.Fprintf(w, "  #%d %-10s %-8s %-34s %s\n", e.Seq, e.Type, e.Outcome, e.Recipient, strings.Join(e.Categories, ","))
	}

	fmt.Fprintf(w, "\nAccounting of disclosures for %s (45 CFR 164.528, last six years):\n", patient)
	entries := audit.Accounting(func(yield func(audit.Event) bool) {
		for _, e := range events {
			if !yield(e) {
				return
			}
		}
	}, patient, morning.AddDate(-6, 0, 0), morning.Add(time.Minute))
	if len(entries) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, e := range entries {
		fmt.Fprintf(w, "  %s  %s: %s; purpose %s; %s\n", e.Time.Format("2006-01-02"), e.RecipientName, e.Description, e.Purpose, e.Basis)
	}
	return nil
}

type request struct {
	title string
	req   disclosure.Request
}

func requests() []request {
	clerk := consent.Party{ID: "Practitioner/roi-clerk", Name: "ROI clerk", Kind: "workforce"}
	all := []consent.Category{consent.Laboratory, consent.HIV, consent.SubstanceUse}
	return []request{
		{"Acme Logistics (employer) asks for the results under the patient's authorization", disclosure.Request{
			Patient:    patient,
			Requester:  clerk,
			Recipient:  consent.Party{ID: "Organization/acme-logistics", Name: "Acme Logistics, 1 Dock Rd, Springfield", Kind: "employer"},
			Purpose:    consent.PatientRequest,
			Categories: all,
		}},
		{"The state health department asks for the reportable results", disclosure.Request{
			Patient:    patient,
			Requester:  clerk,
			Recipient:  consent.Party{ID: "Organization/state-doh", Name: "State Department of Health", Kind: "public-health-authority"},
			Purpose:    consent.PublicHealth,
			Categories: all,
			Attributes: map[string]any{"required_by_law": true},
		}},
		{"A lawyer asks for the results for litigation, without a court order", disclosure.Request{
			Patient:    patient,
			Requester:  clerk,
			Recipient:  consent.Party{ID: "Organization/smith-law", Name: "Smith & Partners LLP", Kind: "attorney"},
			Purpose:    consent.Legal,
			Categories: all,
		}},
		{"The patient downloads the results through the portal (identity verified)", disclosure.Request{
			Patient:    patient,
			Requester:  consent.Party{ID: "Device/portal", Name: "Patient portal", Kind: "workforce"},
			Recipient:  consent.Party{ID: patient, Name: "the patient", Kind: "patient"},
			Purpose:    consent.PatientRequest,
			Categories: all,
			Attributes: map[string]any{"identity_verified": true},
		}},
	}
}

// employerAuthorization is a HIPAA authorization (45 CFR 164.508) for
// laboratory results to the employer, for one year. It does not name HIV or
// substance-use results, so it does not cover them.
func employerAuthorization() consent.Consent {
	signed := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	return consent.Consent{
		ID:          "Consent/auth-employer-778",
		Patient:     patient,
		Status:      consent.Active,
		Grantor:     consent.Party{ID: patient, Name: "the patient", Kind: "patient"},
		Signed:      signed,
		Period:      consent.Period{Start: signed, End: signed.AddDate(1, 0, 0)},
		Description: "laboratory results of the pre-employment screening",
		Disclosers:  []consent.Party{{ID: "Organization/northside-lab", Name: "Northside Laboratory"}},
		Provision: consent.Provision{
			Effect: consent.Deny,
			Provisions: []consent.Provision{{
				Effect:     consent.Permit,
				Recipients: []string{"Organization/acme-logistics"},
				Purposes:   []consent.Purpose{consent.PatientRequest},
				Categories: []consent.Category{consent.Laboratory},
			}},
		},
	}
}

func printRelease(w io.Writer, rel disclosure.Release) {
	for _, o := range rel.Decision.Outcomes {
		rule := o.Rule
		if rule == "" {
			rule = "no rule permits (default deny)"
		}
		fmt.Fprintf(w, "   %-4s %-6s %s", o.Category, o.Effect, rule)
		if o.Basis != "" {
			fmt.Fprintf(w, " [%s]", o.Basis)
		}
		if o.View != "" && o.Effect == consent.Permit {
			fmt.Fprintf(w, " view=%s", o.View)
		}
		if len(o.Obligations) > 0 {
			fmt.Fprintf(w, " obligations=%s", strings.Join(o.Obligations, ","))
		}
		if o.ConsentID != "" {
			fmt.Fprintf(w, " consent=%s", o.ConsentID)
		}
		fmt.Fprintln(w)
	}
	if rel.Record == nil {
		fmt.Fprintln(w, "   released: nothing")
		return
	}
	fmt.Fprintf(w, "   released: %s\n", strings.Join(resources(rel.Record), ", "))
}

// resources lists the resources a released Bundle holds, with the number of
// their elements that left.
func resources(b map[string]any) []string {
	entries, _ := b["entry"].([]any)
	var out []string
	for _, e := range entries {
		res, _ := e.(map[string]any)["resource"].(map[string]any)
		if res == nil {
			continue
		}
		id, _ := res["id"].(string)
		if id == "" {
			id = "(id removed)"
		}
		out = append(out, fmt.Sprintf("%s/%s (%d fields)", res["resourceType"], id, leaves(res)))
	}
	return out
}

func leaves(v any) int {
	switch v := v.(type) {
	case map[string]any:
		n := 0
		for _, x := range v {
			n += leaves(x)
		}
		return n
	case []any:
		n := 0
		for _, x := range v {
			n += leaves(x)
		}
		return n
	default:
		return 1
	}
}

func counter(prefix string) func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("%s%04d", prefix, n)
	}
}

func indent(s, pad string) string {
	return pad + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pad)
}
