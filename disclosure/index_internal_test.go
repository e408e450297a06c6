package disclosure

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

func TestGuardOf(t *testing.T) {
	tests := []struct {
		when       string
		kinds      []string
		categories []string
		purposes   []consent.Purpose
		flags      []string
	}{
		{when: `request.recipient.kind == "provider"`, kinds: []string{"provider"}},
		{when: `"provider" == request.recipient.kind`, kinds: []string{"provider"}},
		{when: `request.recipient.kind in ["provider", "court"] && category == "LAB"`, kinds: []string{"provider", "court"}, categories: []string{"LAB"}},
		{when: `request.recipient.kind in ["provider", "court"] && request.recipient.kind == "court"`, kinds: []string{"court"}},
		{when: `request.recipient.kind in ["provider", "court"] && request.recipient.kind == "hhs"`, kinds: []string{}},
		{when: `within(request.purpose, "TREAT") && request.attributes.flag("x")`, purposes: []consent.Purpose{"TREAT"}, flags: []string{"x"}},
		{when: `(request.recipient.kind == "provider" && category in ["LAB", "HIV"]) && within(request.purpose, "HPAYMT")`, kinds: []string{"provider"}, categories: []string{"HIV", "LAB"}, purposes: []consent.Purpose{"HPAYMT"}},
		// Disjunctions, negations and non-literal comparisons guard nothing.
		{when: `request.recipient.kind == "provider" || category == "LAB"`},
		{when: `!(request.recipient.kind == "provider")`},
		{when: `request.recipient.kind != "provider"`},
		{when: `request.recipient.kind == request.requester.kind`},
		{when: `!request.attributes.flag("x")`},
		{when: `within(request.purpose, request.reason)`},
		{when: `consent.permits`},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			p, err := ParsePolicy([]byte("policy: t\nrules:\n  - {id: r, effect: deny, when: '" + tt.when + "'}\n"))
			require.NoError(t, err)
			g := guardOf(p.asts[0])
			assert.Equal(t, setOf(tt.kinds), g.kinds, "kinds")
			assert.Equal(t, setOf(tt.categories), g.categories, "categories")
			assert.Equal(t, tt.purposes, g.purposes, "purposes")
			assert.Equal(t, tt.flags, g.flags, "flags")
		})
	}
}

func setOf(xs []string) map[string]bool {
	if xs == nil {
		return nil
	}
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

var (
	genKinds      = []string{"provider", "health-plan", "patient", "public", "employer", "court", "researcher", "hhs"}
	genPurposes   = []consent.Purpose{"TREAT", "ETREAT", "HPAYMT", "ELIGDTRM", "HOPERAT", "PUBHLTH", "HRESCH", "PATRQT"}
	genCategories = []consent.Category{"LAB", "HIV", "ETH", "PSYTHPN", "GDIS", "DEMO"}
	genFlags      = []string{"a", "b", "c", "d"}
)

// randomCondition builds a condition mixing what the index reads (kind,
// purpose, category and flag guards) with what it cannot (disjunctions,
// negations, consent, the reason, a condition that fails to evaluate).
func randomCondition(rng *rand.Rand) string {
	var terms []string
	for range 1 + rng.IntN(3) {
		switch rng.IntN(10) {
		case 0:
			terms = append(terms, fmt.Sprintf(`request.recipient.kind == %q`, genKinds[rng.IntN(len(genKinds))]))
		case 1:
			terms = append(terms, fmt.Sprintf(`request.recipient.kind in [%q, %q]`, genKinds[rng.IntN(len(genKinds))], genKinds[rng.IntN(len(genKinds))]))
		case 2:
			terms = append(terms, fmt.Sprintf(`within(request.purpose, %q)`, genPurposes[rng.IntN(len(genPurposes))]))
		case 3:
			terms = append(terms, fmt.Sprintf(`category == %q`, genCategories[rng.IntN(len(genCategories))]))
		case 4:
			terms = append(terms, fmt.Sprintf(`request.attributes.flag(%q)`, genFlags[rng.IntN(len(genFlags))]))
		case 5:
			terms = append(terms, fmt.Sprintf(`(request.recipient.kind == %q || category == %q)`, genKinds[rng.IntN(len(genKinds))], genCategories[rng.IntN(len(genCategories))]))
		case 6:
			terms = append(terms, fmt.Sprintf(`!(request.recipient.kind == %q)`, genKinds[rng.IntN(len(genKinds))]))
		case 7:
			terms = append(terms, `consent.permits`)
		case 8:
			terms = append(terms, `request.reason == ""`)
		case 9:
			terms = append(terms, `request.attributes["n"] == 1`) // fails when "n" is absent
		}
	}
	return strings.Join(terms, " && ")
}

func randomPolicy(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString("policy: random\nrules:\n")
	for i := range n {
		effect, view := "permit", ", view: full, basis: b"
		if rng.IntN(3) == 0 {
			effect, view = "deny", ""
		}
		fmt.Fprintf(&b, "  - {id: r%d, effect: %s%s, when: '%s'}\n", i, effect, view, randomCondition(rng))
	}
	return b.String()
}

func randomRequest(rng *rand.Rand) Request {
	attrs := map[string]any{}
	for _, f := range genFlags {
		if rng.IntN(2) == 0 {
			attrs[f] = rng.IntN(3) != 0
		}
	}
	if rng.IntN(3) == 0 {
		attrs["n"] = 1
	}
	r := Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/acme", Kind: genKinds[rng.IntN(len(genKinds))]},
		Purpose:    genPurposes[rng.IntN(len(genPurposes))],
		Time:       time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC),
		Attributes: attrs,
	}
	if rng.IntN(2) == 0 {
		r.Reason = "urgent"
	}
	for _, i := range rng.Perm(len(genCategories))[:1+rng.IntN(3)] {
		r.Categories = append(r.Categories, genCategories[i])
	}
	return r
}

// TestIndexDecidesAsEvaluatingEveryRule checks, on random policies and
// requests, that skipping the rules the index rules out never changes an
// outcome: an engine with the index decides exactly as a traced engine,
// which evaluates every rule.
func TestIndexDecidesAsEvaluatingEveryRule(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	store := staticStore{cs: benchConsents()}
	ctx := context.Background()
	for i := range 60 {
		src := randomPolicy(rng, 5+rng.IntN(40))
		p, err := ParsePolicy([]byte(src))
		require.NoError(t, err, src)
		indexed, err := New(p, WithConsents(store), WithAudit(audit.Discard))
		require.NoError(t, err)
		every, err := New(p, WithConsents(store), WithAudit(audit.Discard), WithTrace())
		require.NoError(t, err)
		for range 80 {
			r := randomRequest(rng)
			got, err1 := indexed.Decide(ctx, r)
			want, err2 := every.Decide(ctx, r)
			require.Equal(t, err2 == nil, err1 == nil)
			for c := range want.Outcomes {
				w, g := want.Outcomes[c], got.Outcomes[c]
				if !assert.Equal(t, [2]any{w.Effect, w.Rule}, [2]any{g.Effect, g.Rule}, "policy %d, request %+v\n%s", i, r, src) {
					return
				}
			}
		}
	}
}

// TestCostEstimateUsesTheRequestLimits checks that iterating over the
// attributes is estimated for the entries a request may carry, so that such
// a condition runs without cost tracking, while one that can really be
// expensive still gets it.
func TestCostEstimateUsesTheRequestLimits(t *testing.T) {
	tests := []struct {
		when    string
		tracked bool
	}{
		{`request.attributes.exists(k, k == "serious_threat" && request.attributes[k] == true)`, false},
		{`request.attributes.exists(k, k.startsWith("hold_"))`, false},
		{`request.attributes.all(k, request.attributes.exists(j, j == "x"))`, true},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			p, err := ParsePolicy([]byte("policy: t\nrules:\n  - {id: r, effect: deny, when: '" + tt.when + "'}\n"))
			require.NoError(t, err)
			e, err := New(p, WithAudit(audit.Discard))
			require.NoError(t, err)
			assert.Equal(t, tt.tracked, e.denies[0].tracked, "estimated cost %d", p.rules[0].cost)
		})
	}
}

func TestAttributeNamesAreBounded(t *testing.T) {
	e := benchEngine(t)
	r := benchRequest(consent.Laboratory)
	r.Attributes = map[string]any{strings.Repeat("k", maxAttributeBytes+1): true}
	_, err := e.Decide(context.Background(), r)
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.Contains(t, err.Error(), "attribute name")
}
