package disclosuretest

import (
	"context"
	"errors"
	"fmt"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// Narrows decides every case of the suite under base and under layered, a
// policy built on base with [disclosure.Policy.Extend], with the suite's
// consents on file, and checks that layered only narrows: it never permits
// a category that base denies. It returns how many outcomes base permits
// and layered denies, and an error naming the case and category of every
// outcome layered widens, joined; nil when it widens none. A host runs it
// on its own layer over the built-in policy's suite and its own.
func (s *Suite) Narrows(ctx context.Context, base, layered *disclosure.Policy, opts ...disclosure.Option) (narrowed int, err error) {
	be, err := s.engine(base, opts)
	if err != nil {
		return 0, err
	}
	le, err := s.engine(layered, opts)
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, c := range s.Cases {
		a, err := be.Decide(ctx, c.Request)
		if err != nil {
			return narrowed, fmt.Errorf("case %q (line %d): %w", c.Name, c.Line, err)
		}
		b, err := le.Decide(ctx, c.Request)
		if err != nil {
			return narrowed, fmt.Errorf("case %q (line %d): %w", c.Name, c.Line, err)
		}
		for i, o := range a.Outcomes {
			switch lo := b.Outcomes[i]; {
			case o.Effect == consent.Deny && lo.Effect == consent.Permit:
				errs = append(errs, fmt.Errorf("case %q (line %d): %s: %s permits (rule %q) what %s denies",
					c.Name, c.Line, o.Category, layered.Name(), lo.Rule, base.Name()))
			case o.Effect == consent.Permit && lo.Effect == consent.Deny:
				narrowed++
			}
		}
	}
	return narrowed, errors.Join(errs...)
}
