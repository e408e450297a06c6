package disclosure_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// The state health department asks for a patient's laboratory results, one
// of which is an HIV test, for a report the law requires. Release decides
// per category, strips the record to the public-health view and writes the
// disclosure to a hash-chained audit log.
func ExampleEngine_Release() {
	var log bytes.Buffer // in production: an append-only file
	engine, err := disclosure.New(disclosure.HIPAA(), disclosure.WithAudit(audit.NewJSONSink(&log)))
	if err != nil {
		panic(err)
	}
	record := map[string]any{
		"resourceType": "Observation", "status": "final",
		"code":              map[string]any{"text": "HIV-1/2 antibody"},
		"subject":           map[string]any{"reference": "Patient/p1"},
		"valueString":       "Reactive",
		"note":              []any{map[string]any{"text": "patient anxious, called twice"}},
		"meta":              map[string]any{"security": []any{map[string]any{"code": "HIV"}}},
		"identifier":        []any{map[string]any{"value": "LAB-2026-0042"}},
		"effectiveDateTime": "2026-05-30",
	}
	rel, err := engine.Release(context.Background(), disclosure.Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/state-doh", Name: "State Department of Health", Kind: "public-health-authority"},
		Purpose:    consent.PublicHealth,
		Categories: []consent.Category{consent.Laboratory, consent.HIV},
		Time:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		Attributes: map[string]any{"required_by_law": true},
	}, record)
	if err != nil {
		panic(err) // nothing was released
	}
	for _, o := range rel.Decision.Outcomes {
		fmt.Println(o.Category, o.Effect, o.Basis, o.View, o.Obligations)
	}
	fmt.Println(rel.Fields)
	fmt.Println("audit log verifies:", audit.Verify(&log) == nil)
	// Output:
	// LAB permit 45 CFR 164.512(b)(1)(i) public-health [account]
	// HIV permit 45 CFR 164.512(b)(1)(i) public-health [account]
	// [code.text effectiveDateTime meta.security[].code resourceType status subject.reference valueString]
	// audit log verifies: true
}

// A record pulled for the wrong patient never leaves: Release refuses it,
// names the entry and the patient IDs, and puts the refusal on record.
func ExampleEngine_Release_wrongPatient() {
	engine, err := disclosure.New(disclosure.HIPAA(), disclosure.WithAudit(audit.Discard))
	if err != nil {
		panic(err)
	}
	bundle := map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Observation", "id": "chol", "subject": map[string]any{"reference": "Patient/pat2"}}},
		map[string]any{"resource": map[string]any{"resourceType": "Observation", "id": "f001", "subject": map[string]any{"reference": "https://ehr.example/fhir/Patient/f001"}}},
	}}
	rel, err := engine.Release(context.Background(), disclosure.Request{
		Patient:    "Patient/pat2",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Practitioner/gp", Kind: "provider"},
		Purpose:    consent.Treatment,
		Categories: []consent.Category{consent.Laboratory},
	}, bundle)
	fmt.Println(errors.Is(err, disclosure.ErrWrongPatient))
	fmt.Println(err)
	fmt.Println(rel.Record == nil, rel.Decision.Outcomes[0].Rule)
	// Output:
	// true
	// disclosure: record of another patient: entry[1] Observation/f001: subject is Patient/f001, not the request's patient pat2
	// true patient
}
