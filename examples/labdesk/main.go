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
// For each it prints the decision per category with its legal basis,
// view and obligations.
//
// Run it with:
//
//	go run ./examples/labdesk
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

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
	store := consent.NewMemoryStore()
	if err := store.Put(ctx, employerAuthorization()); err != nil {
		return err
	}
	engine, err := disclosure.New(disclosure.HIPAA(),
		disclosure.WithConsents(store),
		disclosure.WithClock(func() time.Time { return morning }),
		disclosure.WithIDGenerator(counter("roi-")),
	)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Northside Laboratory, release of information, %s\n", morning.Format("Mon 2 Jan 2006 15:04 MST"))
	fmt.Fprintf(w, "Patient %s: lipid panel (LAB), HIV-1 antibody (HIV), opiate screen (ETH)\n", patient)
	for i, q := range requests() {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, q.title)
		d, err := engine.Decide(ctx, q.req)
		if err != nil {
			return fmt.Errorf("request %d: %w", i+1, err)
		}
		printDecision(w, d)
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

func printDecision(w io.Writer, d disclosure.Decision) {
	for _, o := range d.Outcomes {
		rule := o.Rule
		if rule == "" {
			rule = "no rule permits (default deny)"
		}
		fmt.Fprintf(w, "   %-4s %-6s %s", o.Category, o.Effect, rule)
		if o.Basis != "" {
			fmt.Fprintf(w, " [%s]", o.Basis)
		}
		if o.Effect == consent.Permit {
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
}

func counter(prefix string) func() string {
	var n atomic.Int64
	return func() string { return fmt.Sprintf("%s%04d", prefix, n.Add(1)) }
}
