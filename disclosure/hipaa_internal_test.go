package disclosure

import (
	"context"
	"testing"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// hipaaRequests are the decisions the built-in policy's benchmarks measure:
// a laboratory result to a treating provider (decided late in the file, by
// the treatment rule, after every deny rule and every Part 2 and
// authorization rule) and a public-health report (decided later still).
var hipaaRequests = map[string]Request{
	"treatment": {
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Practitioner/dr-adams", Kind: "provider"},
		Purpose:    consent.Treatment,
		Categories: []consent.Category{consent.Laboratory},
	},
	"public-health": benchRequest(consent.Laboratory),
}

// hipaaConsents are two authorizations on file, for other recipients.
func hipaaConsents() []consent.Consent {
	cs := benchConsents()
	for i := range cs {
		// The authorization as its root provision, so that nothing of it
		// reads as a restriction.
		cs[i].Provision = cs[i].Provision.Provisions[0]
	}
	return cs
}

func hipaaEngine(tb testing.TB) *Engine {
	tb.Helper()
	e, err := New(HIPAA(), WithConsents(staticStore{cs: hipaaConsents()}), WithAudit(audit.Discard))
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// BenchmarkDecideHIPAA decides one category under the built-in policy, with
// two authorizations on file.
func BenchmarkDecideHIPAA(b *testing.B) {
	e := hipaaEngine(b)
	ctx := context.Background()
	for name, r := range hipaaRequests {
		b.Run(name, func(b *testing.B) {
			r.Time = benchRequest().Time
			b.ReportAllocs()
			for b.Loop() {
				d, err := e.Decide(ctx, r)
				if err != nil || !d.Allowed() {
					b.Fatal(err, d.Outcomes)
				}
			}
		})
	}
}

// TestDecideHIPAAAllocations pins the allocations of a one-category decision
// under the built-in policy: its size must not cost allocations.
// maxHIPAADecideAllocs is the budget of a one-category decision under the
// built-in policy: maxDecideAllocs and the request's attributes as a CEL
// map, which its rules read where the 20-rule policy's index skips them.
const maxHIPAADecideAllocs = maxDecideAllocs + 1

func TestDecideHIPAAAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	e := hipaaEngine(t)
	ctx := context.Background()
	for name, r := range hipaaRequests {
		r.Time = benchRequest().Time
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := e.Decide(ctx, r); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > maxHIPAADecideAllocs {
			t.Errorf("%s: Decide allocates %.0f times per call; the budget is %d", name, allocs, maxHIPAADecideAllocs)
		}
	}
}
