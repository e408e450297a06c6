package consent

// Assessment is what a patient's consents say about one disclosure, each
// kind of consent apart (see Kind). The zero Assessment says nothing.
type Assessment struct {
	// Grant is the result of the valid Authorization that permits the
	// disclosure, or the zero Result. An authorization that would permit
	// but fails Validate is not relied on: it is listed in Invalid.
	Grant Result
	// Restriction is the result of the Restriction or Directive whose
	// explicit deny covers the disclosure, or the zero Result. An
	// authorization's deny, base or exception, is never a restriction: it
	// only limits what that authorization grants.
	Restriction Result
	// Directive is the result of the Directive (or a Restriction's opt-in
	// exception) that permits sharing for this recipient, purpose and
	// category, or the zero Result. It authorizes no third party.
	Directive Result
	// Excluding lists the restrictions and directives whose denies
	// limited to certain data apply: that data is withheld whatever rule
	// decides (Consent.ScopeOf gives it in Scope.Exclude), while the rest
	// of the category is decided by the rules.
	Excluding []string
	// Invalid lists the authorizations that would have permitted the
	// disclosure but fail Validate, and so were not relied on.
	Invalid []string
}

// Assess evaluates a patient's consents for q, each kind on its own:
//
//   - Grant: the first valid Authorization that permits, preferring one
//     whose permit covers the whole category over one limited to certain
//     data. Authorizations stand alone: one's base deny, or an exception
//     it makes, does not take away what another grants;
//   - Restriction: the first Restriction or Directive whose deny covers
//     the disclosure (its root deny included: that is the opt-out);
//   - Directive: the first Directive, or Restriction opt-in exception,
//     that permits.
//
// Consents not in force, of another domain, or silent on q are skipped.
// Assess does not allocate unless a consent is invalid or excludes data.
func Assess(cs []Consent, q Query) Assessment {
	var a Assessment
	for i := range cs {
		c := &cs[i]
		if !c.inForce(q.At) {
			continue // most of a long history: checked before any copy
		}
		r := c.Evaluate(q)
		if !r.Applies {
			if r.Excludes && c.Classify() != Authorization {
				a.Excluding = append(a.Excluding, c.ID)
			}
			continue
		}
		if c.Classify() == Authorization {
			if r.Effect != Permit || (a.Grant.Applies && (!a.Grant.Narrowed || r.Narrowed)) {
				continue
			}
			if !c.valid() {
				a.Invalid = append(a.Invalid, c.ID)
				continue
			}
			a.Grant = r
			continue
		}
		if r.Excludes {
			a.Excluding = append(a.Excluding, c.ID)
		}
		switch {
		case r.Effect == Deny && !a.Restriction.Applies:
			a.Restriction = r
		case r.Effect == Permit && !a.Directive.Applies:
			a.Directive = r
		}
	}
	return a
}
