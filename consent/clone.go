package consent

import "slices"

// Clone returns a deep copy of c: changing the copy's slices or provisions
// leaves c unchanged.
func (c Consent) Clone() Consent {
	c.Disclosers = slices.Clone(c.Disclosers)
	c.Provision = c.Provision.Clone()
	c.FHIR = c.FHIR.clone()
	return c
}

// Clone returns a deep copy of p and its nested provisions.
func (p Provision) Clone() Provision {
	p.Recipients = slices.Clone(p.Recipients)
	p.Purposes = slices.Clone(p.Purposes)
	p.Categories = slices.Clone(p.Categories)
	p.Actors = slices.Clone(p.Actors)
	p.Actions = slices.Clone(p.Actions)
	p.Classes = slices.Clone(p.Classes)
	p.Codes = slices.Clone(p.Codes)
	p.Data = slices.Clone(p.Data)
	if p.Provisions != nil {
		ps := make([]Provision, len(p.Provisions))
		for i, q := range p.Provisions {
			ps[i] = q.Clone()
		}
		p.Provisions = ps
	}
	return p
}
