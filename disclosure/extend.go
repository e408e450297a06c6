package disclosure

import (
	"slices"

	"github.com/custodianhq/custodian/consent"
)

// Extend reads data, a policy file of the host's own, as a layer on top of
// p and returns the combined policy; p is unchanged. This is how a host
// adds what the built-in policy does not decide, such as a state law that
// requires a separate written consent for HIV results:
//
//	policy: state-hiv
//	rules:
//	  - id: state-hiv-written-consent
//	    effect: deny
//	    when: category == "HIV" && !consent.permits && request.recipient.kind != "public-health-authority"
//
// The layer's rules may name p's views and may not reuse its rule ids or
// view names. In the combined policy the layer's rules come before p's:
// its deny rules deny whatever p permits (deny overrides permit), and its
// permit rules are tried before p's. Protection only grows: the layer's
// `protected` list adds to p's (to consent.DefaultProtected when p
// declares none), and a layer cannot remove a protected category;
// vocabularies are merged.
func (p *Policy) Extend(data []byte) (*Policy, error) {
	layer, err := parse(data, p)
	if err != nil {
		return nil, err
	}
	out := &Policy{
		name:        p.name + "+" + layer.name,
		version:     layer.version,
		hash:        layer.hash, // over p's hash and the layer's source
		description: layer.description,
		protected:   p.protected,
		vocabulary:  mergeVocabulary(p.vocabulary, layer.vocabulary),
		rules:       append(slices.Clone(layer.rules), p.rules...),
		views:       layer.views, // holds p's views too
		asts:        append(slices.Clone(layer.asts), p.asts...),
	}
	if p.shipped != nil { // the layer's own conditions are parsed: none shipped
		out.shipped = append(make([][]byte, len(layer.rules)), p.shipped...)
	}
	if layer.protected != nil {
		base := p.protected
		if base == nil {
			base = consent.DefaultProtected()
		}
		out.protected = append(slices.Clone(base), layer.protected...)
		slices.Sort(out.protected)
		out.protected = slices.Compact(out.protected)
	}
	out.protected = slices.Clone(out.protected)
	return out, nil
}

func mergeVocabulary(a, b *Vocabulary) *Vocabulary {
	if a == nil || b == nil {
		// One layer leaves the vocabulary open: the other's list is the
		// combined one, or none.
		if a == nil {
			a = b
		}
		if a == nil {
			return nil
		}
		return &Vocabulary{Kinds: slices.Clone(a.Kinds), Attributes: slices.Clone(a.Attributes),
			Purposes: slices.Clone(a.Purposes), Categories: slices.Clone(a.Categories),
			Obligations: slices.Clone(a.Obligations)}
	}
	obligations := append(slices.Clone(a.Obligations), b.Obligations...)
	slices.Sort(obligations)
	return &Vocabulary{
		Kinds:       merge(a.Kinds, b.Kinds),
		Attributes:  merge(a.Attributes, b.Attributes),
		Purposes:    merge(a.Purposes, b.Purposes),
		Categories:  merge(a.Categories, b.Categories),
		Obligations: slices.Compact(obligations),
	}
}

// merge unites two lists of a vocabulary; an empty list is open, so the
// union with it is open too.
func merge(a, b []string) []string {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	xs := append(slices.Clone(a), b...)
	slices.Sort(xs)
	return slices.Compact(xs)
}
