package disclosure_test

import (
	"context"
	"strings"
	"testing"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

func FuzzParsePolicy(f *testing.F) {
	f.Add(minimalPolicy)
	f.Add(semantics)
	f.Add(string(disclosure.HIPAAPolicyFile()))
	f.Add("policy: x\nrules:\n  - {id: a, effect: deny, when: 'request.attributes.all(k, k != \"\")'}\n")
	f.Add("policy: x\nrules:\n  - &a {id: a}\n  - *a\n")
	f.Add("{\"policy\": \"j\", \"rules\": [{\"id\": \"r\", \"effect\": \"deny\", \"when\": \"[1,2].exists(x, x > 1)\"}]}")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := disclosure.ParsePolicy([]byte(src))
		if err != nil {
			if p != nil {
				t.Fatal("a policy and an error")
			}
			return
		}
		// A policy that parses always builds an engine and decides.
		e, err := disclosure.New(p, disclosure.WithAudit(audit.Discard))
		if err != nil {
			t.Fatalf("parsed policy does not build an engine: %v", err)
		}
		if _, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB")); err != nil &&
			!strings.Contains(err.Error(), "invalid request") {
			t.Fatalf("Decide: %v", err)
		}
	})
}

// FuzzDecide decides random requests under a policy that names the
// categories and purposes it permits: nothing else is ever permitted.
func FuzzDecide(f *testing.F) {
	const named = `policy: named
rules:
  - id: public
    effect: deny
    when: request.recipient.kind == "public"
  - id: labs-for-treatment
    effect: permit
    when: category in ["LAB", "HIV"] && request.purpose in ["TREAT", "ETREAT"] && request.attributes.flag("ok")
    basis: b
    view: full
`
	e := newEngine(f, named)
	f.Add("Patient/p1", "provider", "TREAT", "LAB", "HIV", "", true)
	f.Add("Patient/p1", "public", "TREAT", "LAB", "ETH", "why", true)
	f.Add("", "", "", "", "", "", false)
	f.Add("p", "provider", "HRESCH", "GENE", "LAB", "x", true)
	f.Fuzz(func(t *testing.T, patient, kind, purpose, c1, c2, reason string, ok bool) {
		r := disclosure.Request{
			Patient:    patient,
			Recipient:  consent.Party{ID: "Organization/x", Kind: kind},
			Purpose:    consent.Purpose(purpose),
			Categories: []consent.Category{consent.Category(c1), consent.Category(c2)},
			Reason:     reason,
			Attributes: map[string]any{"ok": ok},
		}
		d, err := e.Decide(context.Background(), r)
		if err != nil {
			if d.Allowed() || len(d.Permitted()) > 0 {
				t.Fatal("an error and a permit")
			}
			return
		}
		for _, o := range d.Outcomes {
			if o.Effect != consent.Permit {
				continue
			}
			if (o.Category != "LAB" && o.Category != "HIV") || (purpose != "TREAT" && purpose != "ETREAT") || kind == "public" || !ok {
				t.Fatalf("permitted %q for purpose %q to %q (ok=%v)", o.Category, purpose, kind, ok)
			}
		}
	})
}
