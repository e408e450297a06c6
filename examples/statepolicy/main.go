// Command statepolicy layers a host's own rule on top of the built-in HIPAA
// policy: a state statute that requires the patient's specific written
// consent before HIV test results are disclosed, except to the patient, in
// an emergency and where a law mandates the disclosure.
//
// The rule is one deny rule in its own policy file (state-hiv.yaml), added
// with Policy.Extend; deny rules run before every permit rule of HIPAA, so
// it narrows what HIPAA permits and never widens it. Its test suite
// (state-hiv_suite.yaml, in the disclosuretest format) is checked before the
// policy is used, the way a host checks a policy before deploying it. Then
// every case of the suite is decided under HIPAA alone and under HIPAA with
// the state rule, side by side.
//
// The library ships a broader layer of this kind, disclosure.StateSensitive
// (HIV and genetic results, mental-health records, and sensitive categories
// in treatment, payment and operations); this example shows how a host
// writes and tests one of its own.
//
// Run it with:
//
//	go run ./examples/statepolicy
package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/disclosure/disclosuretest"
)

//go:embed state-hiv.yaml
var stateRule []byte

//go:embed state-hiv_suite.yaml
var suiteFile []byte

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "statepolicy:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	layered, err := disclosure.HIPAA().Extend(stateRule)
	if err != nil {
		return err
	}
	suite, err := disclosuretest.Parse(suiteFile, ".")
	if err != nil {
		return err
	}
	if err := suite.Check(ctx, layered); err != nil {
		return fmt.Errorf("the state policy fails its suite, not deploying it: %w", err)
	}
	fmt.Fprintf(w, "Policy %s: %d rules, its suite of %d cases passes\n", layered.Name(), len(layered.Rules()), len(suite.Cases))

	store := consent.NewMemoryStore()
	for _, c := range suite.Consents {
		if err := store.Put(ctx, c); err != nil {
			return err
		}
	}
	var engines [2]*disclosure.Engine
	for i, p := range []*disclosure.Policy{disclosure.HIPAA(), layered} {
		if engines[i], err = disclosure.New(p, disclosure.WithConsents(store), disclosure.WithAudit(audit.Discard)); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\n  %-9s %-40s %s\n", "category", "HIPAA alone", "HIPAA + state HIV rule")
	for _, c := range suite.Cases {
		fmt.Fprintf(w, "\n%s\n", c.Name)
		var ds [2]disclosure.Decision
		for i, e := range engines {
			if ds[i], err = e.Decide(ctx, c.Request); err != nil {
				return fmt.Errorf("%s: %w", c.Name, err)
			}
		}
		for k := range c.Request.Categories {
			a, b := ds[0].Outcomes[k], ds[1].Outcomes[k]
			line := fmt.Sprintf("  %-9s %-40s %s", a.Category, outcome(a), outcome(b))
			if a.Effect != b.Effect {
				line = fmt.Sprintf("%-93s <- the state rule", line)
			}
			fmt.Fprintln(w, line)
		}
	}
	return nil
}

func outcome(o disclosure.Outcome) string {
	rule := o.Rule
	if rule == "" {
		rule = "(no rule permits)"
	}
	return o.Effect.String() + " " + rule
}
