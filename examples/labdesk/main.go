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
// For each it prints the decision per category with its legal basis, view
// and obligations, and what of the record leaves. Then it prints the audit
// trail, checks its hash chain, and prints the accounting of disclosures the
// patient may ask for (45 CFR 164.528).
//
// Run it with:
//
//	go run ./examples/labdesk
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/examples/internal/desk"
	"github.com/custodianhq/custodian/examples/internal/records"
)

const patient = "Patient/pat2"

// morning is when the desk opens, so that the output is the same on every
// run.
var morning = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "labdesk:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	var log bytes.Buffer
	sink := audit.NewJSONSink(&log)

	// Every change of a consent goes on the audit trail too.
	auth := employerAuthorization()
	received := auth.Signed.Add(30 * time.Minute)
	store := disclosure.NewAuditedStore(consent.NewMemoryStore(), sink, "Practitioner/roi-clerk",
		disclosure.WithStoreClock(func() time.Time { return received }))
	if err := auth.Validate(); err != nil {
		return fmt.Errorf("the authorization is not valid: %w", err)
	}
	if err := store.Put(ctx, auth); err != nil {
		return err
	}
	engine, err := disclosure.New(disclosure.HIPAA(),
		disclosure.WithConsents(store),
		disclosure.WithAudit(sink),
		disclosure.WithIDGenerator(desk.Counter("roi-")),
	)
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "Northside Laboratory, release of information, %s\n", morning.Format("Mon 2 Jan 2006"))
	fmt.Fprintf(w, "Patient %s: lipid panel (LAB), HIV-1/2 antibody (HIV), opiate screen (ETH, 42CFRPart2)\n", patient)
	fmt.Fprintf(w, "\nOn file, the authorization as the patient read it when signing:\n\n")
	for _, line := range strings.Split(strings.TrimSpace(auth.Describe()), "\n") {
		fmt.Fprintln(w, strings.TrimRight("   | "+line, " "))
	}
	for i, q := range requests() {
		q.req.Time = morning.Add(time.Duration(i) * 20 * time.Minute)
		fmt.Fprintf(w, "\n%d. %s, %s\n", i+1, q.req.Time.Format("15:04"), q.title)
		record, err := records.Bundle("results-pat2", q.files...)
		if err != nil {
			return err
		}
		rel, err := engine.Release(ctx, q.req, record)
		if err != nil {
			return fmt.Errorf("request %d: %w", i+1, err)
		}
		desk.Decision(w, rel.Decision)
		desk.Record(w, rel.Record)
	}

	fmt.Fprintln(w, "\nAudit trail (one JSON line per event, hash-chained):")
	if err := desk.Trail(w, log.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nAccounting of disclosures for %s, the last six years (45 CFR 164.528):\n", patient)
	return desk.Accounting(w, log.Bytes(), patient, morning.Add(24*time.Hour))
}

// request is what a party asks for, and the records the desk pulls for it:
// the host selects the records a request concerns; Release limits what of
// them leaves.
type request struct {
	title string
	req   disclosure.Request
	files []string
}

func requests() []request {
	clerk := consent.Party{ID: "Practitioner/roi-clerk", Name: "ROI clerk", Kind: "workforce"}
	all := []consent.Category{consent.Laboratory, consent.HIV, consent.SubstanceUse, consent.Part2}
	// The opiate screen comes from a Part 2 program, so its substance-use
	// label is a Part 2 record too (part2_program).
	everything := []string{"Patient-pat2.json", "Bundle-lipids.json", "Observation-hiv-ab.json", "Observation-opiates.json"}
	return []request{
		{"Acme Logistics (employer) asks for the results under the patient's authorization", disclosure.Request{
			Patient:    patient,
			Requester:  clerk,
			Recipient:  consent.Party{ID: "Organization/acme-logistics", Name: "Acme Logistics, 1 Dock Rd, Springfield", Kind: "employer"},
			Purpose:    consent.PatientRequest,
			Categories: all,
			Attributes: map[string]any{"part2_program": true},
		}, everything},
		{"The state health department asks for the HIV result the law requires the laboratory to report", disclosure.Request{
			Patient:    patient,
			Requester:  clerk,
			Recipient:  consent.Party{ID: "Organization/state-doh", Name: "State Department of Health", Kind: "public-health-authority"},
			Purpose:    consent.PublicHealth,
			Categories: []consent.Category{consent.HIV, consent.SubstanceUse, consent.Part2},
			Attributes: map[string]any{"required_by_law": true, "part2_program": true},
		}, []string{"Patient-pat2.json", "Observation-hiv-ab.json", "Observation-opiates.json"}},
		{"A lawyer asks for the results for litigation, without a court order", disclosure.Request{
			Patient:    patient,
			Requester:  clerk,
			Recipient:  consent.Party{ID: "Organization/smith-law", Name: "Smith & Partners LLP", Kind: "attorney"},
			Purpose:    consent.Legal,
			Categories: all,
			Attributes: map[string]any{"part2_program": true},
		}, everything},
		{"The patient downloads the results through the portal (identity verified)", disclosure.Request{
			Patient:    patient,
			Requester:  consent.Party{ID: "Device/portal", Name: "Patient portal", Kind: "workforce"},
			Recipient:  consent.Party{ID: patient, Name: "the patient", Kind: "patient"},
			Purpose:    consent.PatientRequest,
			Categories: all,
			Attributes: map[string]any{"identity_verified": true, "part2_program": true},
		}, everything},
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
