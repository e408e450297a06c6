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
// A consent whose Domain is research decides only disclosures whose
// purpose is research (within HRESCH); it says nothing about any other.
//
// A provision that limits the data (classes, codes, data references, a
// data period, or actors other than recipients and custodians) is read as
// FHIR reads it: a permit so limited covers only that data
// (Result.Narrowed; ScopeOf returns the limits), and a deny so limited
// withholds only that data (Result.Excludes) and leaves the rest of the
// category to the other provisions and consents.
//
// Evaluate does not allocate.
func (c *Consent) Evaluate(q Query) Result {
	if !c.inForce(q.At) || !c.Domain.decides(q.Purpose) {
		return Result{}
	}
	root := &c.Provision
	if !root.matches(&q) {
		return Result{}
	}
	named := hasCategory(root.Categories, q.Category)
	if root.Effect == Deny && root.narrows() {
		// A restriction of certain data only: it withholds that data and
		// says nothing about the rest of the category.
		return Result{ConsentID: c.ID, Excludes: true}
	}
	eff, depth, narrowed, excludes, ok := root.exceptions(&q, named, 1)
	if ok {
		return Result{Applies: true, Effect: eff, ConsentID: c.ID, Depth: depth,
			Narrowed: eff == Permit && (narrowed || root.narrows()), Excludes: excludes && eff == Permit}
	}
	if root.Effect == Permit && !named && q.isProtected(q.Category) {
		return Result{}
	}
	if root.Effect == Deny {
		return Result{Applies: true, Effect: Deny, ConsentID: c.ID}
	}
	return Result{Applies: true, Effect: Permit, ConsentID: c.ID, Narrowed: root.narrows(), Excludes: excludes}
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
// ancestor names the query's category. excludes reports a matching deny
// limited to certain data: it withholds that data and decides nothing.
func (p *Provision) exceptions(q *Query, named bool, depth int) (eff Effect, d int, narrowed, excludes, ok bool) {
	for i := range p.Provisions {
		ch := &p.Provisions[i]
		if !ch.matches(q) {
			continue
		}
		if ch.Effect == Deny && ch.narrows() {
			excludes = true
			continue
		}
		chNamed := named || hasCategory(ch.Categories, q.Category)
		e, dd, n, x, found := ch.exceptions(q, chNamed, depth+1)
		excludes = excludes || x
		if !found {
			if ch.Effect == Permit && !chNamed && q.isProtected(q.Category) {
				continue // a general permit does not reach a protected category
			}
			e, dd, n = ch.Effect, depth, false
		}
		n = n || ch.narrows()
		if e == Deny {
			return Deny, dd, false, false, true
		}
		if !ok {
			eff, d, narrowed, ok = e, dd, n, true
		}
	}
	return eff, d, narrowed, excludes, ok
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
	if len(p.Actions) > 0 && !p.coversAction(q.Action) {
		return false
	}
	return true
}

// coversAction reports whether the provision's actions cover action. A
// disclosure ("" or ActionDisclose) is what a recipient gets to access and
// use: it is covered by a provision about disclose, access or use (FHIR
// consentaction), so that a provision denying an organization access
// stops every disclosure to it. collect and correct are not disclosures.
// Any other action is covered only by its own code.
func (p *Provision) coversAction(action string) bool {
	disclose := action == "" || action == ActionDisclose
	for _, a := range p.Actions {
		switch {
		case a.Code == action:
			return true
		case disclose && (a.Code == ActionDisclose || a.Code == ActionAccess || a.Code == ActionUse):
			return true
		}
	}
	return false
}

// narrows reports whether the provision restricts the data beyond the
// category, in ways a category query cannot check: classes, codes, data
// references, a data period, or actors that are neither recipients nor
// custodians (an author, say: data authored by that party).
func (p *Provision) narrows() bool {
	if len(p.Classes) > 0 || len(p.Codes) > 0 || len(p.Data) > 0 || !p.DataPeriod.IsZero() {
		return true
	}
	for i := range p.Actors {
		if p.dataActor(&p.Actors[i]) {
			return true
		}
	}
	return false
}

// dataActor reports whether an actor limits the data: it is neither a
// recipient nor a custodian (the discloser, role CST).
func (p *Provision) dataActor(a *Actor) bool {
	return a.Role.Code != RoleCustodian && !hasString(p.Recipients, a.Reference)
}

// RoleCustodian is the v3-ParticipationType code of a custodian actor: the
// organization that holds the data and discloses it. It does not limit the
// data a provision is about.
const RoleCustodian = "CST"

// The consentaction codes.
const (
	// ActionDisclose is the consentaction code of a disclosure, what a
	// Query with an empty Action asks about.
	ActionDisclose = "disclose"
	// ActionAccess is the consentaction code of access by an actor.
	ActionAccess = "access"
	// ActionUse is the consentaction code of use by an actor.
	ActionUse = "use"
)

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
