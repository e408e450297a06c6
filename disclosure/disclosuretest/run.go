package disclosuretest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// RunFile runs the suite in the file at path against policy p, each case
// as a subtest named after the case. Options are passed to disclosure.New;
// the runner adds the suite's consents and a full trace.
func RunFile(t *testing.T, p *disclosure.Policy, path string, opts ...disclosure.Option) {
	t.Helper()
	s, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Run(t, p, opts...)
}

// Run runs a suite given as bytes; FHIR consent files are resolved against
// the working directory.
func Run(t *testing.T, p *disclosure.Policy, suite []byte, opts ...disclosure.Option) {
	t.Helper()
	s, err := Parse(suite, ".")
	if err != nil {
		t.Fatal(err)
	}
	s.Run(t, p, opts...)
}

// Run runs every case as a subtest of t.
func (s *Suite) Run(t *testing.T, p *disclosure.Policy, opts ...disclosure.Option) {
	t.Helper()
	e, err := s.engine(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Cases {
		t.Run(c.Name, func(t *testing.T) {
			if err := c.check(t.Context(), e); err != nil {
				t.Error(err)
			}
		})
	}
}

// Check runs every case and returns one error per failing case, joined;
// nil when every case passes. It serves outside `go test`, for example to
// check a policy before deploying it.
func (s *Suite) Check(ctx context.Context, p *disclosure.Policy, opts ...disclosure.Option) error {
	e, err := s.engine(p, opts)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range s.Cases {
		if err := c.check(ctx, e); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (s *Suite) engine(p *disclosure.Policy, opts []disclosure.Option) (*disclosure.Engine, error) {
	store := consent.NewMemoryStore()
	for _, c := range s.Consents {
		if err := store.Put(context.Background(), c); err != nil {
			return nil, fmt.Errorf("disclosuretest: consent %q: %w", c.ID, err)
		}
	}
	// Discard comes first so that a sink among the host's options wins.
	opts = append(append([]disclosure.Option{disclosure.WithAudit(audit.Discard)}, opts...), disclosure.WithConsents(store), disclosure.WithTrace())
	return disclosure.New(p, opts...)
}

// check decides the case's request and compares every expected category.
func (c *Case) check(ctx context.Context, e *disclosure.Engine) error {
	d, err := e.Decide(ctx, c.Request)
	if err != nil {
		return fmt.Errorf("case %q (line %d): %w", c.Name, c.Line, err)
	}
	var problems []string
	cats := make([]consent.Category, 0, len(c.Expect))
	for cat := range c.Expect {
		cats = append(cats, cat)
	}
	slices.Sort(cats)
	for _, cat := range cats {
		want := c.Expect[cat]
		got, ok := d.Outcome(cat)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: expected but not requested", cat))
			continue
		}
		if got.Effect != want.Effect {
			rule := got.Rule
			if rule == "" {
				rule = "no rule: default deny"
			}
			problems = append(problems, fmt.Sprintf("%s: effect: want %s, got %s (rule %q)", cat, want.Effect, got.Effect, rule))
		}
		cmp := func(field string, want *string, got string) {
			if want != nil && *want != got {
				problems = append(problems, fmt.Sprintf("%s: %s: want %q, got %q", cat, field, *want, got))
			}
		}
		cmp("rule", want.Rule, got.Rule)
		cmp("view", want.View, got.View)
		cmp("basis", want.Basis, got.Basis)
		cmp("consent", want.Consent, got.ConsentID)
		if want.Obligations != nil && !sameSet(*want.Obligations, got.Obligations) {
			problems = append(problems, fmt.Sprintf("%s: obligations: want %v, got %v", cat, *want.Obligations, got.Obligations))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	var trace []string
	for _, s := range d.Trace {
		if s.Result != disclosure.NotMatched {
			trace = append(trace, "    "+s.String())
		}
	}
	return fmt.Errorf("case %q (line %d):\n  %s\n  rules that matched or failed:\n%s",
		c.Name, c.Line, strings.Join(problems, "\n  "), strings.Join(trace, "\n"))
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
