package consent

import "github.com/custodianhq/custodian/internal/vocab"

// defaultProtected is the default set of specially protected categories,
// the module's one sensitivity set.
var defaultProtected = func() []Category {
	out := make([]Category, len(vocab.Sensitive))
	for i, s := range vocab.Sensitive {
		out[i] = Category(s)
	}
	return out
}()

// DefaultProtected returns the categories that only a provision naming them
// covers: psychotherapy notes (45 CFR 164.508(a)(2)), substance use disorder
// records (42 CFR Part 2), HIV, genetic, sexual and reproductive health, and
// sexual assault, abuse or domestic violence. Many states require a
// specific consent for these. It returns a new slice on every call.
func DefaultProtected() []Category {
	return append([]Category(nil), defaultProtected...)
}

// isProtected reports whether c is in the query's protected set.
func (q *Query) isProtected(c Category) bool {
	set := q.Protected
	if set == nil {
		set = defaultProtected
	}
	for _, p := range set {
		if p == c {
			return true
		}
	}
	return false
}
