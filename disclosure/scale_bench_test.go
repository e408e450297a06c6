package disclosure

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// scaleKinds and scalePurposes are the vocabulary of the generated
// policies: the shared recipient kinds and the purposes a layered policy
// of a health system names.
var (
	scaleKinds = []string{"patient", "personal-representative", "family", "provider", "health-plan", "clearinghouse",
		"business-associate", "employer", "insurer", "attorney", "public-health-authority", "health-oversight-agency",
		"court", "law-enforcement", "coroner", "organ-procurement", "researcher", "correctional-institution",
		"government", "workers-compensation", "hhs", "public", "workforce"}
	scalePurposes = []consent.Purpose{"TREAT", "ETREAT", "HPAYMT", "ELIGDTRM", "HOPERAT", "HQUALIMP", "PUBHLTH",
		"HRESCH", "PATRQT", "HMARKT", "HLEGAL", "FRAUD"}
	scaleCategories = []consent.Category{"LAB", "HIV", "ETH", "PSYTHPN", "GDIS", "DEMO", "MEDS", "IMG", "NOTES", "SDV"}
)

// scalePolicy generates a policy of n rules shaped like a health system's
// layered policy: each rule names a recipient kind or a purpose (most
// both), some categories and an attestation, a quarter of them deny.
func scalePolicy(n int) []byte {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	var b strings.Builder
	b.WriteString("policy: scale\nrules:\n")
	for i := range n {
		var terms []string
		if rng.IntN(10) != 0 {
			terms = append(terms, fmt.Sprintf(`request.recipient.kind == %q`, scaleKinds[rng.IntN(len(scaleKinds))]))
		}
		if len(terms) == 0 || rng.IntN(4) != 0 {
			terms = append(terms, fmt.Sprintf(`within(request.purpose, %q)`, scalePurposes[rng.IntN(len(scalePurposes))]))
		}
		if rng.IntN(2) == 0 {
			terms = append(terms, fmt.Sprintf(`category in [%q, %q]`, scaleCategories[rng.IntN(len(scaleCategories))], scaleCategories[rng.IntN(len(scaleCategories))]))
		}
		if rng.IntN(2) == 0 {
			terms = append(terms, fmt.Sprintf(`request.attributes.flag("attest_%d")`, rng.IntN(20)))
		}
		if rng.IntN(3) == 0 {
			terms = append(terms, `request.reason != ""`)
		}
		effect, rest := "permit", ", basis: b, view: full"
		if rng.IntN(4) == 0 {
			effect, rest = "deny", ""
		}
		fmt.Fprintf(&b, "  - {id: r%d, effect: %s%s, when: '%s'}\n", i, effect, rest, strings.Join(terms, " && "))
	}
	return []byte(b.String())
}

func scaleRequest() Request {
	return Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/acme", Kind: "health-plan"},
		Purpose:    "ELIGDTRM",
		Categories: []consent.Category{consent.Laboratory},
		Time:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		Attributes: map[string]any{"attest_3": true, "attest_11": true},
	}
}

// BenchmarkDecideRules decides one category under generated policies of
// growing size and under the built-in policy; with the rule index the cost
// follows the rules that can match, not the policy's size.
func BenchmarkDecideRules(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{20, 200, 2000} {
		p, err := ParsePolicy(scalePolicy(n))
		if err != nil {
			b.Fatal(err)
		}
		e, err := New(p, WithAudit(audit.Discard))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := scaleRequest()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Decide(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("hipaa", func(b *testing.B) {
		e, err := New(HIPAA(), WithAudit(audit.Discard))
		if err != nil {
			b.Fatal(err)
		}
		r := scaleRequest()
		r.Attributes = nil
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.Decide(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// historyConsents returns n consents of one patient: one authorization in
// force and n-1 that are revoked or expired, as years of history leave.
func historyConsents(n int) []consent.Consent {
	cs := benchConsents()[:1]
	for i := 1; i < n; i++ {
		c := benchConsents()[1]
		c.ID = fmt.Sprintf("Consent/h%d", i)
		if i%2 == 0 {
			c.Status, c.Revoked = consent.Revoked, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		} else {
			c.Period.End = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -i)
		}
		cs = append(cs, c)
	}
	return cs
}

// BenchmarkDecideConsents decides one category of the bench policy with a
// growing history of consents on file.
func BenchmarkDecideConsents(b *testing.B) {
	ctx := context.Background()
	p, err := ParsePolicy([]byte(benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 10, 100, 1000} {
		e, err := New(p, WithConsents(staticStore{cs: historyConsents(n)}), WithAudit(audit.Discard))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := benchRequest(consent.Laboratory)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Decide(ctx, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
