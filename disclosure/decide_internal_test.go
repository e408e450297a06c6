package disclosure

import (
	"context"
	"testing"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// TestDecideOnAGrantAllocations pins the allocations of a decision that
// rests on a valid authorization: validating it on the hot path costs no
// allocation, so the budget is that of any one-category decision.
func TestDecideOnAGrantAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	signed := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	valid := consent.Consent{
		ID: "Consent/valid", Patient: "Patient/p1", Status: consent.Active, Kind: consent.Authorization,
		Grantor: consent.Party{ID: "Patient/p1"}, Signed: signed, Disclosers: []consent.Party{{ID: "Organization/lab"}},
		Period: consent.Period{Start: signed, End: signed.AddDate(1, 0, 0)},
		Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{
			Effect: consent.Permit, Recipients: []string{"Organization/acme"}, Purposes: []consent.Purpose{consent.PatientRequest},
			Categories: []consent.Category{consent.Laboratory},
		}}},
	}
	p, err := ParsePolicy([]byte(benchPolicy))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(p, WithConsents(staticStore{cs: []consent.Consent{benchConsents()[1], valid}}), WithAudit(audit.Discard))
	if err != nil {
		t.Fatal(err)
	}
	r := benchRequest(consent.Laboratory)
	r.Recipient = consent.Party{ID: "Organization/acme", Kind: "employer"}
	r.Purpose = consent.PatientRequest
	ctx := context.Background()
	d, err := e.Decide(ctx, r)
	if err != nil || !d.Allowed() || d.Outcomes[0].ConsentID != "Consent/valid" {
		t.Fatalf("want a permit citing Consent/valid, got %+v, %v", d.Outcomes, err)
	}
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := e.Decide(ctx, r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > maxDecideAllocs {
		t.Errorf("Decide on a grant allocates %.0f times per call; the budget is %d", allocs, maxDecideAllocs)
	}
}
