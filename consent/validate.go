package consent

import (
	"errors"
	"fmt"
	"strconv"
)

// The HIPAA authorization core elements, 45 CFR 164.508(c)(1), as
// ValidationError.Element names them. Structural errors name no element.
const (
	ElementInformation = "164.508(c)(1)(i)"   // a specific and meaningful description of the information
	ElementDiscloser   = "164.508(c)(1)(ii)"  // who may make the disclosure
	ElementRecipient   = "164.508(c)(1)(iii)" // who may receive it
	ElementPurpose     = "164.508(c)(1)(iv)"  // a description of each purpose
	ElementExpiration  = "164.508(c)(1)(v)"   // an expiration date or event
	ElementSignature   = "164.508(c)(1)(vi)"  // signature and date; a representative's authority
)

// ValidationError is one problem Validate found. Its message names the
// field and the element of 45 CFR 164.508(c)(1) it fails, never the
// patient's data: the only value it quotes is the consent's ID.
type ValidationError struct {
	ID      string // the consent's ID
	Field   string // the field, e.g. "Disclosers" or "Provision.Provisions[0].Period"
	Element string // the core element, e.g. "164.508(c)(1)(iii)"; "" for a structural error
	Msg     string // what is wrong
}

// Error returns the consent's ID, the field, the message and the element.
func (e *ValidationError) Error() string {
	s := fmt.Sprintf("consent %q: %s: %s", e.ID, e.Field, e.Msg)
	if e.Element != "" {
		s += " (45 CFR " + e.Element + ")"
	}
	return s
}

// Validate reports every problem of c, as an errors.Join of
// *ValidationError, or nil.
//
// Every consent must be well formed: an ID, a Patient, a known Status,
// periods that do not end before they start, a revocation instant exactly
// when the status is Revoked and not before the signature, effects that
// are Deny or Permit, no empty recipients, purposes or categories, and
// provisions nested no deeper than MaxProvisionDepth.
//
// An authorization (Classify) that permits anything (its root provision
// or any exception is a Permit) must also have the core elements of
// 45 CFR 164.508(c)(1): (i) a Description, or every permit restricted to
// named categories, classes, codes or resources; (ii) Disclosers; (iii)
// recipients on the path of every permit; (iv) purposes on the path of
// every permit (PatientRequest, "at the request of the individual", is a
// purpose); (v) Period.End or an ExpiryEvent; (vi) a Grantor and the date
// Signed, and the Authority of a grantor who is not the patient. A
// Restriction or a Directive, which authorizes no third party, needs none
// of them: only to be well formed. The engine relies on an authorization
// only while Validate returns nil.
func (c *Consent) Validate() error {
	v := validator{c: c}
	v.run()
	return errors.Join(v.errs...)
}

// valid reports whether Validate would return nil, without allocating:
// the engine asks it of every authorization it relies on.
func (c *Consent) valid() bool {
	v := validator{c: c, quick: true}
	v.run()
	return !v.bad
}

type validator struct {
	c     *Consent
	errs  []error
	quick bool // only find whether there is a problem: build no errors
	bad   bool
}

func (v *validator) run() {
	v.structure()
	if v.c.Classify() == Authorization && v.c.Provision.permits() {
		v.authorization()
	}
}

func (v *validator) add(field, element, msg string) {
	v.bad = true
	if v.quick {
		return
	}
	v.errs = append(v.errs, &ValidationError{ID: v.c.ID, Field: field, Element: element, Msg: msg})
}

func (v *validator) structure() {
	c := v.c
	if c.ID == "" {
		v.add("ID", "", "missing")
	}
	if c.Patient == "" {
		v.add("Patient", "", "missing")
	}
	if !c.Status.known() {
		v.add("Status", "", "not a known status")
	}
	v.period("Period", c.Period)
	switch {
	case c.Status == Revoked && c.Revoked.IsZero():
		v.add("Revoked", "", "the consent is revoked but the instant of the revocation is missing")
	case c.Status != Revoked && !c.Revoked.IsZero():
		v.add("Revoked", "", "a revocation instant is set but the status is not revoked")
	case !c.Revoked.IsZero() && !c.Signed.IsZero() && c.Revoked.Before(c.Signed):
		v.add("Revoked", "", "the revocation precedes the signature")
	}
	v.provision("Provision", &c.Provision, 1)
}

// name returns the path of a field's element; in quick mode, where no
// message is built, "".
func (v *validator) name(field, element string) string {
	if v.quick {
		return ""
	}
	return field + element
}

// index returns the path of item i of a field's element; in quick mode "".
func (v *validator) index(field, element string, i int) string {
	if v.quick {
		return ""
	}
	return indexPath(field+element, i)
}

func (v *validator) period(field string, p Period) {
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start) {
		v.add(field, "", "the end is before the start")
	}
}

func (v *validator) provision(field string, p *Provision, depth int) {
	if depth > MaxProvisionDepth {
		v.add(field, "", "provisions nested deeper than "+strconv.Itoa(MaxProvisionDepth)+" levels")
		return
	}
	if p.Effect != Deny && p.Effect != Permit {
		v.add(v.name(field, ".Effect"), "", "neither deny nor permit")
	}
	v.period(v.name(field, ".Period"), p.Period)
	v.period(v.name(field, ".DataPeriod"), p.DataPeriod)
	for i, r := range p.Recipients {
		if r == "" {
			v.add(v.index(field, ".Recipients", i), "", "empty recipient")
		}
	}
	for i, pu := range p.Purposes {
		if pu == "" {
			v.add(v.index(field, ".Purposes", i), "", "empty purpose")
		}
	}
	for i, ca := range p.Categories {
		if ca == "" {
			v.add(v.index(field, ".Categories", i), "", "empty category")
		}
	}
	for i, a := range p.Actors {
		if a.Reference == "" || a.Role.Code == "" {
			v.add(v.index(field, ".Actors", i), "", "an actor needs a reference and a role")
		}
	}
	for i := range p.Provisions {
		v.provision(v.index(field, ".Provisions", i), &p.Provisions[i], depth+1)
	}
}

// authorization checks the core elements of 164.508(c)(1).
func (v *validator) authorization() {
	c := v.c
	all := pathFacts{information: true, recipients: true, purposes: true}
	c.Provision.walkPermits(pathFacts{}, &all)
	info, recip, purpose := all.information, all.recipients, all.purposes
	if !info && c.Description == "" {
		v.add("Description", ElementInformation, "the information to be disclosed is not described: give a Description or name the categories of every permit")
	}
	if !hasParty(c.Disclosers) {
		v.add("Disclosers", ElementDiscloser, "the persons or class authorized to make the disclosure are not named")
	}
	if !recip {
		v.add("Provision.Recipients", ElementRecipient, "a permit does not name its recipients")
	}
	if !purpose {
		v.add("Provision.Purposes", ElementPurpose, "a permit does not state its purpose (PATRQT, at the request of the individual, is enough)")
	}
	if c.Period.End.IsZero() && c.ExpiryEvent == "" {
		v.add("Period.End", ElementExpiration, "neither an expiration date nor an expiration event is given")
	}
	if c.Grantor.ID == "" && c.Grantor.Name == "" {
		v.add("Grantor", ElementSignature, "the signer is missing")
	}
	if c.Signed.IsZero() {
		v.add("Signed", ElementSignature, "the date of the signature is missing")
	}
	if v.representative() && c.Authority == "" {
		v.add("Authority", ElementSignature, "the grantor is not the patient and the description of their authority to act for the patient is missing")
	}
}

// representative reports whether the grantor signs for the patient. A
// grantor without ID is the patient only if its Kind says so.
func (v *validator) representative() bool {
	g := v.c.Grantor
	switch {
	case g.ID == "" && g.Name == "", v.c.Patient == "":
		return false // reported as a missing signer or patient
	case g.ID != "":
		return g.ID != v.c.Patient
	default:
		return g.Kind != "patient"
	}
}

func hasParty(ps []Party) bool {
	for _, p := range ps {
		if p.ID != "" || p.Name != "" {
			return true
		}
	}
	return false
}

// pathFacts is what a path from the root to a provision names.
type pathFacts struct {
	information, recipients, purposes bool
}

// walkPermits ands into all what the path names for every Permit
// provision in the tree.
func (p *Provision) walkPermits(f pathFacts, all *pathFacts) {
	f.information = f.information || len(p.Categories) > 0 || len(p.Classes) > 0 || len(p.Codes) > 0 || len(p.Data) > 0
	f.recipients = f.recipients || len(p.Recipients) > 0
	f.purposes = f.purposes || len(p.Purposes) > 0
	if p.Effect == Permit {
		all.information = all.information && f.information
		all.recipients = all.recipients && f.recipients
		all.purposes = all.purposes && f.purposes
	}
	for i := range p.Provisions {
		p.Provisions[i].walkPermits(f, all)
	}
}

// permits reports whether p or any of its exceptions is a Permit.
func (p *Provision) permits() bool {
	if p.Effect == Permit {
		return true
	}
	for i := range p.Provisions {
		if p.Provisions[i].permits() {
			return true
		}
	}
	return false
}
