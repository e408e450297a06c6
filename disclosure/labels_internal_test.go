package disclosure

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/label"
)

// maxLabelerAllocs is what the labeler may add to a Release of a record in
// which it finds nothing: the classification (9 allocations for the lipids
// Bundle, pinned by the label package) and its summary. No copy is made.
const maxLabelerAllocs = 10

// maxReleaseFullAllocs is what a Release of the lipids Bundle for treatment
// allocates without a labeler: the decision, the copy the full view
// releases (its maps and arrays), the report and the event.
const maxReleaseFullAllocs = 163

// TestReleaseLabelerAllocations pins the cost of a Release for treatment,
// and what the labeler adds to it on a record with no sensitive code, the
// common case.
func TestReleaseLabelerAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	record := lipidsBundle(t)
	r := Request{
		Patient:    "Patient/pat2",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/clinic", Kind: "provider"},
		Purpose:    consent.Treatment,
		Categories: []consent.Category{consent.Laboratory},
	}
	allocs := func(opts ...Option) float64 {
		e, err := New(HIPAA(), append(opts, WithAudit(audit.Discard))...)
		require.NoError(t, err)
		ctx := context.Background()
		return testing.AllocsPerRun(100, func() {
			if rel, err := e.Release(ctx, r, record); err != nil || rel.Record == nil {
				t.Fatal(err)
			}
		})
	}
	without, with := allocs(), allocs(WithLabeler(label.Default(), consent.Laboratory))
	if without > maxReleaseFullAllocs {
		t.Errorf("Release allocates %.0f times; the budget is %d", without, maxReleaseFullAllocs)
	}
	if with-without > maxLabelerAllocs {
		t.Errorf("the labeler adds %.0f allocations to Release; the budget is %d", with-without, maxLabelerAllocs)
	}
}
