package consent

// Limit is what one provision says about the data it is about: a resource
// must match every element given (any listed value within one) to be
// within the limit. The zero Limit limits nothing.
type Limit struct {
	Classes    []Coding  // resource types ("Observation"), profiles (a canonical URL) or MIME types
	Codes      []Coding  // codes that must appear in the resource
	Data       []DataRef // specific resources, with how far each reaches
	DataPeriod Period    // the clinical time window of the data
	Actors     []Actor   // parties the data must be about or by (an author, say)
}

// Scope is the part of a category's data a consent's decision is limited
// to: what a permit covers when its provisions name classes, codes,
// resources, a data period or an author, and what a deny limited the same
// way withholds. A resource is inside the scope when it is within every
// Include limit and within no Exclude limit. A nil *Scope limits nothing.
type Scope struct {
	ConsentID string  // the consent whose provisions set the scope
	Include   []Limit // the path of the permit: every one must hold; empty: all data
	Exclude   []Limit // denies limited to certain data: any one withholds
}

// ScopeOf returns the scope of what c says about q: for a permit, the
// limits of the provisions on the path that decided it and the limited
// denies that apply on that path; for a consent whose only say is a
// limited deny, that deny as an exclusion. It returns nil when the
// decision covers the whole category (Result.Narrowed and Result.Excludes
// both false). Unlike Evaluate it allocates: call it only for a result
// that is narrowed or excludes.
func (c *Consent) ScopeOf(q Query) *Scope {
	r := c.Evaluate(q)
	if !r.Narrowed && !r.Excludes {
		return nil
	}
	s := &Scope{ConsentID: c.ID}
	root := &c.Provision
	if !r.Applies {
		// A restriction of certain data only.
		s.Exclude = append(s.Exclude, root.limit())
		return s
	}
	if r.Effect != Permit {
		return nil
	}
	path := []*Provision{root}
	named := hasCategory(root.Categories, q.Category)
	for p := root; ; {
		next, nextNamed := p.decidingChild(&q, named)
		if next == nil {
			break
		}
		path = append(path, next)
		p, named = next, nextNamed
	}
	for _, p := range path {
		if p.narrows() {
			s.Include = append(s.Include, p.limit())
		}
		for i := range p.Provisions {
			ch := &p.Provisions[i]
			if ch.Effect == Deny && ch.narrows() && ch.matches(&q) {
				s.Exclude = append(s.Exclude, ch.limit())
			}
		}
	}
	if len(s.Include) == 0 && len(s.Exclude) == 0 {
		return nil
	}
	return s
}

// decidingChild returns the exception of p that decides a permit for q,
// as exceptions chose it, or nil when p's own effect decides.
func (p *Provision) decidingChild(q *Query, named bool) (*Provision, bool) {
	for i := range p.Provisions {
		ch := &p.Provisions[i]
		if !ch.matches(q) || (ch.Effect == Deny && ch.narrows()) {
			continue
		}
		chNamed := named || hasCategory(ch.Categories, q.Category)
		if eff, _, _, _, found := ch.exceptions(q, chNamed, 0); found {
			if eff == Permit {
				return ch, chNamed
			}
			continue
		}
		if ch.Effect == Permit && (chNamed || !q.isProtected(q.Category)) {
			return ch, chNamed
		}
	}
	return nil, named
}

// limit returns what p says about the data.
func (p *Provision) limit() Limit {
	l := Limit{Classes: p.Classes, Codes: p.Codes, Data: p.Data, DataPeriod: p.DataPeriod}
	for i := range p.Actors {
		if p.dataActor(&p.Actors[i]) {
			l.Actors = append(l.Actors, p.Actors[i])
		}
	}
	return l
}
