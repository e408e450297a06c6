package bench

import (
	"context"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// Requests returns the 4,200 requests the engines must decide alike: every
// combination of 12 recipient kinds, 7 purposes, 5 categories, 5 sets of
// attributes and 2 recipients (one holding an authorization, one not).
func Requests() []disclosure.Request {
	kinds := []string{"provider", "health-plan", "clearinghouse", "patient", "public", "employer", "court",
		"law-enforcement", "public-health-authority", "researcher", "coroner", "hhs"}
	purposes := []consent.Purpose{"TREAT", "ETREAT", "HPAYMT", "HOPERAT", "PUBHLTH", "PATRQT", "HMARKT"}
	categories := []consent.Category{"LAB", "HIV", "ETH", "PSYTHPN", "GDIS"}
	attributes := []map[string]any{
		{},
		{"identity_verified": true},
		{"required_by_law": true, "court_order": true},
		{"sale_of_phi": true, "identity_verified": false},
		{"irb_waiver": true, "serious_threat": true, "part2_court_order": true},
	}
	var out []disclosure.Request
	for _, k := range kinds {
		for _, p := range purposes {
			for _, c := range categories {
				for _, a := range attributes {
					for v := range 2 {
						r := Shape(k, p, c, a)
						if v == 1 {
							r.Recipient.ID, r.Reason = "Organization/acme", "urgent"
						} else if k == "patient" {
							r.Recipient.ID = "Patient/p1"
						}
						out = append(out, r)
					}
				}
			}
		}
	}
	return out
}

// Shape returns a one-category request.
func Shape(kind string, purpose consent.Purpose, category consent.Category, attributes map[string]any) disclosure.Request {
	return disclosure.Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/other", Name: "Recipient", Kind: kind},
		Purpose:    purpose,
		Categories: []consent.Category{category},
		Time:       At,
		Attributes: attributes,
	}
}

// Shapes are the three requests the benchmarks time: a treatment
// disclosure decided by the tenth rule, a public-health report decided by
// the fifteenth, and a substance-use record denied by the sixth.
var Shapes = []struct {
	Name    string
	Request disclosure.Request
	Want    Outcome
}{
	{"tpo_permit", Shape("provider", "TREAT", "LAB", map[string]any{"identity_verified": true}), Outcome{true, "p10-treat"}},
	{"public_health", Shape("public-health-authority", "PUBHLTH", "LAB", map[string]any{"required_by_law": true}), Outcome{true, "p15-public-health"}},
	{"part2_deny", Shape("researcher", "HRESCH", "ETH", map[string]any{"irb_waiver": true}), Outcome{false, "d06-part2"}},
}

// Engines builds every engine of the comparison.
func Engines() ([]Engine, error) {
	c, err := NewCustodian()
	if err != nil {
		return nil, err
	}
	raw, err := NewCELRaw()
	if err != nil {
		return nil, err
	}
	cd, err := NewCedar()
	if err != nil {
		return nil, err
	}
	o, err := NewOPA(context.Background())
	if err != nil {
		return nil, err
	}
	return []Engine{raw, c, cd, o}, nil
}
