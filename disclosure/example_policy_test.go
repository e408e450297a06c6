package disclosure_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/custodianhq/custodian/audit/audittest"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// A reference laboratory writes a policy of its own: results go to the
// ordering provider for treatment, nothing goes to the press, everything
// else is denied. The policy is parsed and type-checked once; the engine
// decides every request against it.
func ExampleParsePolicy() {
	p, err := disclosure.ParsePolicy([]byte(`
policy: reference-lab
version: "2026-12"
description: Results to the ordering provider, and nothing else.
rules:
  - id: deny-press
    effect: deny
    when: request.recipient.kind == "public"
  - id: results-to-provider
    effect: permit
    when: within(request.purpose, "TREAT") && request.recipient.kind == "provider" && category == "LAB"
    basis: "45 CFR 164.506(c)(2)"
    view: result
views:
  result:
    keep: [resourceType, status, code, valueQuantity, effectiveDateTime, subject.reference]
`))
	if err != nil {
		log.Fatal(err) // each problem names its rule, field and line
	}
	engine, err := disclosure.New(p, disclosure.WithAudit(audittest.NewRecorder()))
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, r := range []disclosure.Request{
		{Recipient: consent.Party{ID: "Organization/clinic", Kind: "provider"}, Purpose: consent.EmergencyTreatment},
		{Recipient: consent.Party{ID: "Organization/daily-news", Kind: "public"}, Purpose: consent.Treatment},
	} {
		r.Patient = "Patient/p1"
		r.Requester = consent.Party{ID: "Device/lis", Kind: "workforce"}
		r.Categories = []consent.Category{consent.Laboratory, consent.HIV}
		r.Time = at
		d, err := engine.Decide(context.Background(), r)
		if err != nil {
			log.Fatal(err)
		}
		for _, o := range d.Outcomes {
			rule := o.Rule
			if rule == "" {
				rule = "no rule matched: default deny"
			}
			fmt.Printf("%-8s %-3s %-6s %s\n", r.Recipient.Kind, o.Category, o.Effect, rule)
		}
	}
	// Output:
	// provider LAB permit results-to-provider
	// provider HIV deny   no rule matched: default deny
	// public   LAB deny   deny-press
	// public   HIV deny   deny-press
}

// A policy with a mistake is refused as a whole, with every problem named.
func ExampleParsePolicy_error() {
	_, err := disclosure.ParsePolicy([]byte(`
policy: reference-lab
rules:
  - id: results-to-provider
    effect: permit
    when: request.recipient.kind == "provider" && request.purpse == "TREAT"
    basis: "45 CFR 164.506(c)(2)"
    view: full
`))
	var pe *disclosure.PolicyError
	if errors.As(err, &pe) {
		fmt.Printf("rule %s, field %s, line %d\n", pe.Rule, pe.Field, pe.Line)
	}
	// Output:
	// rule results-to-provider, field when, line 6
}

// A state law stricter than HIPAA is a layer on the built-in policy: here,
// mental health information goes to a health plan for payment only with the
// patient's consent. The layer's deny rule runs before every rule of
// HIPAA(); HIPAA() itself is unchanged.
func ExamplePolicy_Extend() {
	state, err := disclosure.HIPAA().Extend([]byte(`
policy: state-mental-health
version: "2026-12"
rules:
  - id: state-mental-health-payment
    description: Mental health information goes to a payer only with the patient's consent.
    effect: deny
    when: category == "MH" && within(request.purpose, "HPAYMT") && !consent.permits
    basis: "State mental health confidentiality statute (placeholder citation)"
`))
	if err != nil {
		log.Fatal(err)
	}
	req := disclosure.Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/billing-clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/health-plan", Kind: "health-plan"},
		Purpose:    consent.Payment,
		Categories: []consent.Category{consent.Laboratory, consent.MentalHealth},
		Time:       time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
	}
	for _, p := range []struct {
		name   string
		policy *disclosure.Policy
	}{{"HIPAA", disclosure.HIPAA()}, {"HIPAA+state", state}} {
		engine, err := disclosure.New(p.policy, disclosure.WithAudit(audittest.NewRecorder()))
		if err != nil {
			log.Fatal(err)
		}
		d, err := engine.Decide(context.Background(), req)
		if err != nil {
			log.Fatal(err)
		}
		for _, o := range d.Outcomes {
			fmt.Printf("%-11s %-3s %-6s %s\n", p.name, o.Category, o.Effect, o.Rule)
		}
	}
	// Output:
	// HIPAA       LAB permit payment
	// HIPAA       MH  permit payment
	// HIPAA+state LAB permit payment
	// HIPAA+state MH  deny   state-mental-health-payment
}
