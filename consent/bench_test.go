package consent_test

import (
	"testing"

	"github.com/custodianhq/custodian/consent"
)

// nested returns a consent three levels deep with siblings at each level:
// a base deny; permits for two recipients; under Acme's, denies for HIV
// and for research; under the research deny, a permit for research on
// laboratory results.
func nested() consent.Consent {
	c := authorization()
	c.Provision = consent.Provision{
		Effect: consent.Deny,
		Provisions: []consent.Provision{
			{Effect: consent.Permit, Recipients: []string{"Organization/other"}, Purposes: []consent.Purpose{consent.Payment}},
			{
				Effect:     consent.Permit,
				Recipients: []string{"Organization/acme", "Organization/acme-2"},
				Purposes:   []consent.Purpose{consent.Treatment, consent.Research},
				Provisions: []consent.Provision{
					{Effect: consent.Deny, Categories: []consent.Category{consent.HIV, consent.Genetic}},
					{
						Effect:     consent.Deny,
						Purposes:   []consent.Purpose{consent.Research},
						Provisions: []consent.Provision{{Effect: consent.Permit, Categories: []consent.Category{consent.Laboratory}}},
					},
				},
			},
		},
	}
	return c
}

func BenchmarkEvaluate(b *testing.B) {
	c := nested()
	q := lab()
	q.Purpose = consent.ClinicalResearch
	b.ReportAllocs()
	for b.Loop() {
		if !c.Evaluate(q).Permits() {
			b.Fatal("want permit")
		}
	}
}

func BenchmarkEvaluateAll(b *testing.B) {
	cs := []consent.Consent{nested(), authorization(), parseFile(b, "fhir/custodian/roi-labs-to-acme-cardio.json")}
	q := lab()
	b.ReportAllocs()
	for b.Loop() {
		consent.EvaluateAll(cs, q)
	}
}

func BenchmarkParseFHIR(b *testing.B) {
	data := readFile(b, "fhir/r4/Consent-consent-example-pkb.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := consent.ParseFHIR(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	c := nested()
	cs := []consent.Consent{c, authorization()}
	q := lab()
	q.Purpose = consent.ClinicalResearch
	if !c.Evaluate(q).Permits() {
		t.Fatal("the benchmark's query must reach the deepest level")
	}
	if n := testing.AllocsPerRun(100, func() { c.Evaluate(q) }); n != 0 {
		t.Errorf("Evaluate: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { consent.EvaluateAll(cs, q) }); n != 0 {
		t.Errorf("EvaluateAll: %v allocations, want 0", n)
	}
}

func BenchmarkAssess(b *testing.B) {
	cs := []consent.Consent{nested(), authorization(), parseFile(b, "fhir/custodian/roi-labs-to-acme-cardio.json")}
	q := lab()
	b.ReportAllocs()
	for b.Loop() {
		if !consent.Assess(cs, q).Grant.Permits() {
			b.Fatal("want a grant")
		}
	}
}
