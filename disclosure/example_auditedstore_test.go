package disclosure_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/custodianhq/custodian/audit/audittest"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// The release desk files a patient's authorization and later its
// revocation through an AuditedStore, so each change is on the audit
// trail; the engine reads the same store. A disclosure made while the
// authorization was in force stays covered after the revocation.
func ExampleNewAuditedStore() {
	ctx := context.Background()
	trail := audittest.NewRecorder() // in production: the host's audit sink
	filed := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	store := disclosure.NewAuditedStore(consent.NewMemoryStore(), trail, "Practitioner/roi-clerk",
		disclosure.WithStoreClock(func() time.Time { return filed }))

	err := store.Put(ctx, consent.Consent{
		ID:      "roi-42",
		Patient: "Patient/p1",
		Status:  consent.Active,
		Grantor: consent.Party{ID: "Patient/p1", Kind: "patient"},
		Signed:  filed,
		// Who discloses: an authorization without it fails Validate and
		// authorizes nothing.
		Disclosers: []consent.Party{{ID: "Organization/northside-lab", Kind: "provider"}},
		Period:     consent.Period{Start: filed, End: filed.AddDate(1, 0, 0)},
		Provision: consent.Provision{
			Effect: consent.Deny,
			Provisions: []consent.Provision{{
				Effect:     consent.Permit,
				Recipients: []string{"Organization/acme"},
				Purposes:   []consent.Purpose{consent.PatientRequest},
				Categories: []consent.Category{consent.Laboratory},
			}},
		},
	})
	if err != nil {
		log.Fatal(err) // wraps disclosure.ErrAudit if the change is stored but not on record
	}
	revoked := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if err := store.Revoke(ctx, "roi-42", revoked); err != nil {
		log.Fatal(err)
	}
	for _, e := range trail.Events() {
		fmt.Println(e.Type, e.Outcome, e.ConsentID, e.Actor, e.Recipient, e.Categories, e.Time.Format(time.DateOnly))
	}

	engine, err := disclosure.New(disclosure.HIPAA(), disclosure.WithConsents(store), disclosure.WithAudit(trail))
	if err != nil {
		log.Fatal(err)
	}
	for _, at := range []time.Time{revoked.AddDate(0, -1, 0), revoked.AddDate(0, 1, 0)} {
		d, err := engine.Decide(ctx, disclosure.Request{
			Patient:    "Patient/p1",
			Requester:  consent.Party{ID: "Practitioner/roi-clerk", Kind: "workforce"},
			Recipient:  consent.Party{ID: "Organization/acme", Kind: "employer"},
			Purpose:    consent.PatientRequest,
			Categories: []consent.Category{consent.Laboratory},
			Time:       at,
		})
		if err != nil {
			log.Fatal(err)
		}
		switch o := d.Outcomes[0]; o.Effect {
		case consent.Permit:
			fmt.Println(at.Format(time.DateOnly), o.Category, o.Effect, "under", o.ConsentID, "by rule", o.Rule)
		case consent.Deny:
			why := "by default: no rule permits it"
			if o.Rule != "" {
				why = "by rule " + o.Rule
			}
			fmt.Println(at.Format(time.DateOnly), o.Category, o.Effect, why)
		}
	}
	fmt.Println("events on the trail:", trail.Len()) // two changes, two decisions
	// Output:
	// consent stored roi-42 Practitioner/roi-clerk Organization/acme [LAB] 2026-03-01
	// consent revoked roi-42 Practitioner/roi-clerk Organization/acme [LAB] 2026-06-01
	// 2026-05-01 LAB permit under roi-42 by rule authorization-employer
	// 2026-07-01 LAB deny by default: no rule permits it
	// events on the trail: 4
}
