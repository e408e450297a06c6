package disclosure

import (
	"context"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// benchPolicy has 20 rules of the kinds a real policy has: recipient kinds,
// purposes through the hierarchy, attribute flags, consents and protected
// categories. The request below is decided by the 15th rule.
const benchPolicy = `policy: bench
views:
  public-health: {keep: [resourceType, code, valueQuantity]}
rules:
  - {id: d-public, effect: deny, when: 'request.recipient.kind == "public"'}
  - {id: d-btg, effect: deny, when: 'within(request.purpose, "ETREAT") && request.reason == ""'}
  - {id: d-marketing, effect: deny, when: 'within(request.purpose, "HMARKT") && !consent.permits'}
  - {id: d-sale, effect: deny, when: 'request.attributes.flag("sale_of_phi") && !consent.permits'}
  - {id: d-psy, effect: deny, when: 'category == "PSYTHPN" && !consent.permits && request.recipient.kind != "hhs"'}
  - {id: d-part2, effect: deny, when: 'category in ["ETH", "SUD", "ETHUD", "OPIOIDUD"] && !consent.permits && !request.attributes.flag("part2_court_order")'}
  - {id: p-access, effect: permit, basis: b, view: full, when: 'within(request.purpose, "PATRQT") && request.recipient.kind == "patient" && request.recipient.id == request.patient && request.attributes.flag("identity_verified")'}
  - {id: p-auth, effect: permit, basis: b, view: full, when: 'consent.permits'}
  - {id: p-btg, effect: permit, basis: b, view: full, when: 'within(request.purpose, "ETREAT") && request.recipient.kind == "provider"'}
  - {id: p-treat, effect: permit, basis: b, view: full, when: 'within(request.purpose, "TREAT") && request.recipient.kind == "provider" && !protected(category)'}
  - {id: p-pay, effect: permit, basis: b, view: full, when: 'within(request.purpose, "HPAYMT") && request.recipient.kind in ["health-plan", "provider", "clearinghouse"] && !protected(category)'}
  - {id: p-ops, effect: permit, basis: b, view: full, when: 'within(request.purpose, "HOPERAT") && request.recipient.kind in ["health-plan", "provider"] && !protected(category)'}
  - {id: p-law, effect: permit, basis: b, view: full, when: 'request.attributes.flag("required_by_law") && request.recipient.kind in ["court", "law-enforcement", "government"]'}
  - {id: p-oversight, effect: permit, basis: b, view: full, when: 'request.recipient.kind == "health-oversight-agency"'}
  - {id: p-public-health, effect: permit, basis: b, view: public-health, when: 'request.recipient.kind == "public-health-authority" && within(request.purpose, "PUBHLTH")'}
  - {id: p-court, effect: permit, basis: b, view: full, when: 'request.recipient.kind == "court" && request.attributes.flag("court_order")'}
  - {id: p-coroner, effect: permit, basis: b, view: full, when: 'request.recipient.kind == "coroner"'}
  - {id: p-organ, effect: permit, basis: b, view: full, when: 'request.recipient.kind == "organ-procurement"'}
  - {id: p-research, effect: permit, basis: b, view: full, when: 'request.recipient.kind == "researcher" && request.attributes.flag("irb_waiver")'}
  - {id: p-threat, effect: permit, basis: b, view: full, when: 'request.attributes.flag("serious_threat")'}
`

// staticStore returns the same consents for every patient, so that the
// benchmark measures the engine, not a store's copying.
type staticStore struct {
	consent.Store
	cs []consent.Consent
}

func (s staticStore) ForPatient(context.Context, string) ([]consent.Consent, error) { return s.cs, nil }

func benchConsents() []consent.Consent {
	mk := func(id, recipient string, cat consent.Category) consent.Consent {
		return consent.Consent{
			ID: id, Patient: "Patient/p1", Status: consent.Active,
			Period: consent.Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{
				Effect: consent.Permit, Recipients: []string{recipient}, Purposes: []consent.Purpose{consent.PatientRequest},
				Categories: []consent.Category{cat},
				Provisions: []consent.Provision{{Effect: consent.Deny, Categories: []consent.Category{consent.HIV}}},
			}}},
		}
	}
	return []consent.Consent{mk("Consent/a", "Organization/acme", consent.Laboratory), mk("Consent/b", "Organization/lifeco", consent.Laboratory)}
}

func benchRequest(cats ...consent.Category) Request {
	return Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/doh", Name: "State DOH", Kind: "public-health-authority"},
		Purpose:    consent.PublicHealth,
		Categories: cats,
		Time:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		Attributes: map[string]any{"required_by_law": true},
	}
}

func benchEngine(tb testing.TB) *Engine {
	tb.Helper()
	p, err := ParsePolicy([]byte(benchPolicy))
	if err != nil {
		tb.Fatal(err)
	}
	e, err := New(p, WithConsents(staticStore{cs: benchConsents()}), WithAudit(audit.Discard))
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func benchDecide(b *testing.B, cats ...consent.Category) {
	e := benchEngine(b)
	r := benchRequest(cats...)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		d, err := e.Decide(ctx, r)
		if err != nil || !d.Allowed() {
			b.Fatal(err, d.Outcomes)
		}
	}
}

// BenchmarkDecide1 decides one category under the 20-rule policy with two
// consents on file.
func BenchmarkDecide1(b *testing.B) { benchDecide(b, consent.Laboratory) }

// BenchmarkDecide3 decides three categories.
func BenchmarkDecide3(b *testing.B) {
	benchDecide(b, consent.Laboratory, consent.HIV, consent.Genetic)
}

// floorPrograms compiles the policy's 20 conditions as plain cel-go
// programs, without the engine.
func floorPrograms(tb testing.TB) []cel.Program {
	p, err := ParsePolicy([]byte(benchPolicy))
	if err != nil {
		tb.Fatal(err)
	}
	env, err := newEnv(func(s string) bool { return s == "HIV" || s == "PSYTHPN" })
	if err != nil {
		tb.Fatal(err)
	}
	prgs := make([]cel.Program, len(p.rules))
	for i, a := range p.asts {
		if prgs[i], err = env.Program(a, cel.EvalOptions(cel.OptOptimize)); err != nil {
			tb.Fatal(err)
		}
	}
	return prgs
}

// BenchmarkFloorMap evaluates the 20 programs on a map activation built
// from the request: what embedding cel-go naively costs.
func BenchmarkFloorMap(b *testing.B) {
	prgs := floorPrograms(b)
	r := benchRequest(consent.Laboratory)
	b.ReportAllocs()
	for b.Loop() {
		vars := map[string]any{
			varPatient: r.Patient, varPurpose: string(r.Purpose), varReason: r.Reason,
			varRequesterID: r.Requester.ID, varRequesterName: r.Requester.Name, varRequesterKind: r.Requester.Kind,
			varRecipientID: r.Recipient.ID, varRecipientName: r.Recipient.Name, varRecipientKind: r.Recipient.Kind,
			varAttributes: r.Attributes, varCategory: "LAB", varConsentPermits: false, varConsentDenies: false,
			varConsentID: "", varNow: r.Time,
		}
		for _, p := range prgs {
			if _, _, err := p.Eval(vars); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFloorTyped evaluates the 20 programs on the engine's typed
// activation: the floor the engine is measured against.
func BenchmarkFloorTyped(b *testing.B) {
	prgs := floorPrograms(b)
	r := benchRequest(consent.Laboratory)
	interned := map[string]ref.Val{"LAB": types.String("LAB"), "PUBHLTH": types.String("PUBHLTH"), "public-health-authority": types.String("public-health-authority")}
	b.ReportAllocs()
	for b.Loop() {
		act := activations.Get().(*activation)
		act.reset(interned, &r, r.Time, 0)
		act.setCategory("LAB", &consent.Assessment{})
		for _, p := range prgs {
			if _, _, err := p.Eval(act); err != nil {
				b.Fatal(err)
			}
		}
		act.release()
	}
}

// maxDecideAllocs is the allocation budget of a one-category decision
// without an audit sink: the outcomes and the decision ID. A rule that
// reads the request's attributes adds their CEL map; the rule index spares
// this request every such rule.
const maxDecideAllocs = 2

// TestDecideAllocations pins the allocations of a one-category decision so
// that they cannot grow unnoticed.
func TestDecideAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	e := benchEngine(t)
	r := benchRequest(consent.Laboratory)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := e.Decide(ctx, r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > maxDecideAllocs {
		t.Errorf("Decide allocates %.0f times per call; the budget is %d", allocs, maxDecideAllocs)
	}
}
