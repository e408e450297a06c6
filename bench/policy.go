// Package bench compares Custodian's disclosure engine with a hand-written
// cel-go evaluation, cedar-go and OPA on one 20-rule deny-overrides policy.
//
// It is a separate module so that the library's users never inherit OPA or
// cedar-go: its go.mod replaces the library with the parent directory.
//
// Every engine gets the same inputs a host has: the request and the
// patient's consents on file. Each evaluates its own form of the policy
// (CEL for Custodian and raw cel-go, Cedar, Rego) and returns the effect
// and the deciding rule; TestEnginesAgree checks that they decide alike on
// every generated request. The benchmarks and cmd/compare measure them.
package bench

import (
	_ "embed"
	"time"

	"github.com/custodianhq/custodian/consent"
)

// PolicyYAML is the policy in Custodian's language. Rule IDs are numbered
// so that every engine can name the first matching rule in file order.
//
//go:embed policy.yaml
var PolicyYAML []byte

// CedarPolicy is the same policy in Cedar.
//
//go:embed policy.cedar
var CedarPolicy []byte

// RegoPolicy is the same policy in Rego.
//
//go:embed policy.rego
var RegoPolicy string

// Protected lists the categories the policy protects; all engines share it.
var Protected = []consent.Category{"PSYTHPN", "ETH", "SUD", "ETHUD", "OPIOIDUD", "HIV", "GDIS"}

// Outcome is an engine's answer for one category: the effect and the rule
// that decided ("" for the default deny).
type Outcome struct {
	Permit bool
	Rule   string
}

// At is the instant every request is decided for.
var At = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// Consents returns the patient's consents on file: two authorizations of
// laboratory results, one to an employer and one to a life insurer, each
// with an HIV exception.
func Consents() []consent.Consent {
	mk := func(id, recipient string) consent.Consent {
		return consent.Consent{
			ID: id, Patient: "Patient/p1", Status: consent.Active,
			Grantor: consent.Party{ID: "Patient/p1", Kind: "patient"},
			Signed:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			Period:  consent.Period{Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
			Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{
				Effect: consent.Permit, Recipients: []string{recipient}, Purposes: []consent.Purpose{consent.PatientRequest},
				Categories: []consent.Category{consent.Laboratory},
				Provisions: []consent.Provision{{Effect: consent.Deny, Categories: []consent.Category{consent.HIV}}},
			}}},
			Description: "laboratory results", Disclosers: []consent.Party{{ID: "Organization/lab", Name: "The Lab"}},
		}
	}
	return []consent.Consent{mk("Consent/a", "Organization/acme"), mk("Consent/b", "Organization/lifeco")}
}
