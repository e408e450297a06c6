package consent

import "time"

// Evaluate reports what this consent says about q.
//
// The consent counts only while it is in force: Active, or Revoked for
// instants before its revocation (a revocation is not retroactive), never
// before it was signed, and within its Period. Its root provision must then
// match the query; otherwise the consent says nothing. Nested provisions
// are exceptions to their parent, to any depth: the deepest matching
// provision on a path decides, and among matching siblings a deny overrides
// a permit. When no exception matches, the root's effect is the base
// decision.
//
// A specially protected category (Query.Protected) is covered only by a
// permit whose path names it: a general permit does not reach it, and a
// base permit that does not name it says nothing about it. A deny covers
// every category it does not exclude.
//
// Evaluate does not allocate.
func (c *Consent) Evaluate(q Query) Result {
	if !c.inForce(q.At) {
		return Result{}
	}
	root := &c.Provision
	if !root.matches(&q) {
		return Result{}
	}
	named := hasCategory(root.Categories, q.Category)
	if eff, depth, narrowed, ok := root.exceptions(&q, named, 1); ok {
		return Result{Applies: true, Effect: eff, ConsentID: c.ID, Depth: depth, Narrowed: narrowed && eff == Permit}
	}
	if root.Effect == Permit && !named && q.isProtected(q.Category) {
		return Result{}
	}
	return Result{Applies: true, Effect: root.Effect, ConsentID: c.ID, Narrowed: root.Effect == Permit && root.narrows()}
}

// EvaluateAll combines what several consents say about q. An exception
// (Result.Depth > 0) outranks a base decision, so that the base deny of an
// authorization for something else does not veto another authorization
// that grants this disclosure; among results of the same rank a deny
// overrides a permit, and among equals the first consent decides. It
// returns the zero Result when no consent applies.
func EvaluateAll(cs []Consent, q Query) Result {
	var best Result
	for i := range cs {
		r := cs[i].Evaluate(q)
		if !r.Applies {
			continue
		}
		explicit, bestExplicit := r.Depth > 0, best.Depth > 0
		switch {
		case !best.Applies,
			explicit && !bestExplicit,
			explicit == bestExplicit && r.Effect == Deny && best.Effect == Permit:
			best = r
		}
	}
	return best
}

// inForce reports whether the consent counts at instant at.
func (c *Consent) inForce(at time.Time) bool {
	switch c.Status {
	case Active:
	case Revoked:
		if c.Revoked.IsZero() {
			return false
		}
	default:
		return false
	}
	if !c.Revoked.IsZero() && !at.Before(c.Revoked) {
		return false
	}
	if !c.Signed.IsZero() && at.Before(c.Signed) {
		return false
	}
	return c.Period.Contains(at)
}

// exceptions returns the decision of the deepest matching descendants of
// p, and ok false when no child matches. named reports whether p or an
// ancestor names the query's category.
func (p *Provision) exceptions(q *Query, named bool, depth int) (eff Effect, d int, narrowed, ok bool) {
	for i := range p.Provisions {
		ch := &p.Provisions[i]
		if !ch.matches(q) {
			continue
		}
		chNamed := named || hasCategory(ch.Categories, q.Category)
		e, dd, n, found := ch.exceptions(q, chNamed, depth+1)
		if !found {
			if ch.Effect == Permit && !chNamed && q.isProtected(q.Category) {
				continue // a general permit does not reach a protected category
			}
			e, dd, n = ch.Effect, depth, false
		}
		n = n || ch.narrows()
		if e == Deny {
			return Deny, dd, false, true
		}
		if !ok {
			eff, d, narrowed, ok = e, dd, n, true
		}
	}
	return eff, d, narrowed, ok
}

// matches reports whether the provision's own criteria match q: every
// criterion given must match, any listed value within one.
func (p *Provision) matches(q *Query) bool {
	if len(p.Recipients) > 0 && !hasString(p.Recipients, q.Recipient) {
		return false
	}
	if len(p.Purposes) > 0 {
		ok := false
		for _, pp := range p.Purposes {
			if q.Purpose.Within(pp) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(p.Categories) > 0 && !hasCategory(p.Categories, q.Category) {
		return false
	}
	if !p.Period.Contains(q.At) {
		return false
	}
	if len(p.Actions) > 0 {
		action := q.Action
		if action == "" {
			action = ActionDisclose
		}
		ok := false
		for _, a := range p.Actions {
			if a.Code == action {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// narrows reports whether the provision restricts the data beyond the
// category, in ways a category query cannot check.
func (p *Provision) narrows() bool {
	if len(p.Classes) > 0 || len(p.Codes) > 0 || len(p.Data) > 0 || !p.DataPeriod.IsZero() {
		return true
	}
	for _, a := range p.Actors {
		if !hasString(p.Recipients, a.Reference) {
			return true
		}
	}
	return false
}

// ActionDisclose is the consentaction code of a disclosure, what a Query
// with an empty Action asks about.
const ActionDisclose = "disclose"

func hasString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func hasCategory(xs []Category, c Category) bool {
	for _, x := range xs {
		if x == c {
			return true
		}
	}
	return false
}
