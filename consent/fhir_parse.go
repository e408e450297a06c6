package consent

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// stu3Elements and r5Elements are top-level elements that only an STU3 or
// an R5 Consent has. Reading such a document as R4 would drop its rules.
var (
	stu3Elements = []string{"except", "consentingParty", "period", "actor", "action", "purpose", "securityLabel", "dataPeriod", "data"}
	r5Elements   = []string{"decision", "grantor", "grantee", "manager", "controller", "subject", "date", "regulatoryBasis", "policyBasis", "policyText"}
)

// Parse reads a FHIR R4 Consent from JSON. It refuses, with a *FHIRError
// naming the element, anything it cannot represent: a Consent of another
// FHIR version, a modifier extension, a provision element the model has no
// field for, an unknown code where the meaning depends on it, a document
// over the limits. It never drops a provision.
func (p *FHIRParser) Parse(data []byte) (Consent, error) {
	limit := p.MaxBytes
	if limit <= 0 {
		limit = MaxFHIRBytes
	}
	if len(data) > limit {
		return Consent{}, &FHIRError{Msg: fmt.Sprintf("the document is %d bytes, over the limit of %d", len(data), limit), Err: ErrTooLarge}
	}
	if err := checkJSON(data); err != nil {
		return Consent{}, err
	}
	doc, err := decodeObject(json.RawMessage(data), "")
	if err != nil {
		return Consent{}, err
	}
	if err := checkVersion(doc); err != nil {
		return Consent{}, err
	}
	r := reader{p: p}
	return r.consent(doc)
}

// checkVersion refuses a document that is not an R4 Consent, naming the
// version it saw. R5 is recognized first: an R5 Consent has a period, as an
// STU3 one does, and must not be called STU3.
func checkVersion(doc *object) error {
	rt, ok, err := doc.str("resourceType")
	switch {
	case err != nil:
		return err
	case !ok:
		return &FHIRError{Path: "resourceType", Msg: "required"}
	case rt != "Consent":
		return &FHIRError{Path: "resourceType", Msg: "want Consent, got " + quoteCode(rt)}
	}
	for _, name := range r5Elements {
		if doc.has(name) {
			return &FHIRError{Path: name, Msg: "an element of an R5 Consent (FHIR R5); only R4 is read", Err: ErrUnsupportedVersion}
		}
	}
	if firstByte(doc.m["provision"]) == '[' {
		return &FHIRError{Path: "provision", Msg: "an array, as in an R5 Consent (FHIR R5); only R4 is read", Err: ErrUnsupportedVersion}
	}
	for _, name := range stu3Elements {
		if doc.has(name) {
			return &FHIRError{Path: name, Msg: "an element of an STU3 Consent (FHIR STU3); only R4 is read", Err: ErrUnsupportedVersion}
		}
	}
	if firstByte(doc.m["policyRule"]) == '"' {
		return &FHIRError{Path: "policyRule", Msg: "a string, as in an STU3 Consent; only R4 is read", Err: ErrUnsupportedVersion}
	}
	return nil
}

// reader reads one document.
type reader struct {
	p *FHIRParser
}

func (r *reader) consent(doc *object) (Consent, error) {
	var c Consent
	var err error
	if id, ok, err := doc.str("id"); err != nil {
		return c, err
	} else if ok {
		if !validID(id) {
			return c, &FHIRError{Path: "id", Msg: "not a FHIR id (1 to 64 of A-Z a-z 0-9 - .)"}
		}
		c.ID = id
	}
	status, ok, err := doc.str("status")
	if err != nil {
		return c, err
	}
	if !ok {
		return c, &FHIRError{Path: "status", Msg: "required"}
	}
	c.Status = Status(status)
	if !c.Status.known() {
		return c, &FHIRError{Path: "status", Msg: "not a consent-state-code: " + quoteCode(status)}
	}
	for _, name := range []string{"implicitRules", "_implicitRules", "modifierExtension"} {
		if doc.has(name) {
			return c, &FHIRError{Path: name, Msg: "changes the meaning of the Consent in ways not understood here"}
		}
	}
	for _, name := range []string{"scope", "category"} {
		if !doc.has(name) {
			return c, &FHIRError{Path: name, Msg: "required in R4"}
		}
	}
	if !doc.has("policy") && !doc.has("policyRule") {
		return c, &FHIRError{Path: "policyRule", Msg: "a Consent needs a policy or a policyRule (R4 invariant ppc-1)"}
	}

	pat, ok, err := doc.obj("patient")
	if err != nil {
		return c, err
	}
	if !ok {
		return c, &FHIRError{Path: "patient", Msg: "required: a consent is about a patient"}
	}
	if c.Patient, ok, err = pat.str("reference"); err != nil {
		return c, err
	} else if !ok {
		return c, &FHIRError{Path: "patient.reference", Msg: "required"}
	}
	if c.FHIR.PatientDisplay, _, err = pat.str("display"); err != nil {
		return c, err
	}
	if err := pat.rest(); err != nil {
		return c, err
	}

	if s, ok, err := doc.str("dateTime"); err != nil {
		return c, err
	} else if ok {
		if c.Signed, err = parseDateTime(s, "dateTime", false); err != nil {
			return c, err
		}
	}

	performers, err := doc.arr("performer")
	if err != nil {
		return c, err
	}
	for i, raw := range performers {
		if i == 0 {
			if c.Grantor, err = r.party(raw, "performer[0]"); err != nil {
				return c, err
			}
			continue
		}
		c.FHIR.Performers = append(c.FHIR.Performers, compact(raw))
	}
	orgs, err := doc.arr("organization")
	if err != nil {
		return c, err
	}
	for i, raw := range orgs {
		party, err := r.party(raw, indexPath("organization", i))
		if err != nil {
			return c, err
		}
		c.Disclosers = append(c.Disclosers, party)
	}

	if err := r.extensions(doc, &c); err != nil {
		return c, err
	}

	prov := &object{path: "provision", m: map[string]any{}}
	if raw, ok := doc.take("provision"); ok {
		tree, err := decodeTree(raw.(json.RawMessage))
		if err != nil {
			return c, &FHIRError{Path: "provision", Msg: "not valid JSON: " + jsonReason(err)}
		}
		if prov, err = decodeObject(tree, "provision"); err != nil {
			return c, err
		}
	}
	base, err := r.baseDecision(doc, prov)
	if err != nil {
		return c, err
	}
	if c.Provision, err = r.provision(prov, base, 1); err != nil {
		return c, err
	}
	// The root provision's period is when the whole consent is in force:
	// its expiration (164.508(c)(1)(v)).
	c.Period, c.Provision.Period = c.Provision.Period, Period{}

	for _, name := range sortedKeys(doc.m) {
		raw := doc.m[name]
		if !slices.Contains(rawElements, name) {
			return c, &FHIRError{Path: name, Msg: "not an element of an R4 Consent"}
		}
		if c.FHIR.Elements == nil {
			c.FHIR.Elements = map[string]json.RawMessage{}
		}
		c.FHIR.Elements[name] = compact(raw)
	}
	if c.Domain, err = readDomain(c.FHIR.Elements["scope"]); err != nil {
		return c, err
	}
	c.Kind = readKind(c.FHIR.Elements, &c.Provision)
	return c, nil
}

// extensions reads the Custodian extensions and keeps the others.
func (r *reader) extensions(doc *object, c *Consent) error {
	exts, err := doc.arr("extension")
	if err != nil {
		return err
	}
	var other []json.RawMessage
	seen := map[string]bool{}
	for i, raw := range exts {
		path := indexPath("extension", i)
		e, err := decodeObject(raw, path)
		if err != nil {
			return err
		}
		url, _, err := e.str("url")
		if err != nil {
			return err
		}
		var target *string
		valueName := "valueString"
		switch url {
		case ExtDescription:
			target = &c.Description
		case ExtExpiryEvent:
			target = &c.ExpiryEvent
		case ExtAuthority:
			target = &c.Authority
		case ExtRevoked:
			valueName = "valueDateTime"
		default:
			other = append(other, compact(raw))
			continue
		}
		if seen[url] {
			return &FHIRError{Path: path, Msg: "the extension is given more than once"}
		}
		seen[url] = true
		v, ok, err := e.str(valueName)
		if err != nil {
			return err
		}
		if !ok {
			return &FHIRError{Path: joinPath(path, valueName), Msg: "required"}
		}
		if err := e.rest(); err != nil {
			return err
		}
		if target != nil {
			*target = v
		} else if c.Revoked, err = parseDateTime(v, joinPath(path, valueName), false); err != nil {
			return err
		}
	}
	if other != nil {
		b, err := marshalJSON(other)
		if err != nil {
			return &FHIRError{Path: "extension", Msg: "cannot keep the extensions"}
		}
		doc.m["extension"] = json.RawMessage(b)
	}
	return nil
}

// baseDecision returns the effect of the root provision: its type, or
// failing that what the policyRule implies. It refuses to guess.
func (r *reader) baseDecision(doc, prov *object) (Effect, error) {
	if t, ok := prov.m["type"]; ok {
		s, err := decodeString(t, "provision.type")
		if err != nil {
			return Deny, err
		}
		return parseEffect(s, "provision.type")
	}
	raw, ok := doc.m["policyRule"]
	if !ok {
		return Deny, &FHIRError{Path: "provision.type", Msg: "the base decision is missing: no root provision type and no policyRule", Err: ErrNoBaseDecision}
	}
	rule, err := decodeObject(raw, "policyRule")
	if err != nil {
		return Deny, err
	}
	codings, err := rule.arr("coding")
	if err != nil {
		return Deny, err
	}
	rules := r.p.policyRules()
	var (
		eff   Effect
		found bool
	)
	for i, raw := range codings {
		co, err := decodeObject(raw, indexPath("policyRule.coding", i))
		if err != nil {
			return Deny, err
		}
		code, _, err := co.str("code")
		if err != nil {
			return Deny, err
		}
		e, ok := rules[code]
		if !ok {
			continue
		}
		if found && e != eff {
			return Deny, &FHIRError{Path: "policyRule.coding", Msg: "the codings imply both permit and deny", Err: ErrNoBaseDecision}
		}
		eff, found = e, true
	}
	if !found {
		return Deny, &FHIRError{Path: "provision.type", Msg: "the base decision is missing: no root provision type, and policyRule has no code of known meaning", Err: ErrNoBaseDecision}
	}
	return eff, nil
}

// provision reads a provision at depth (the root is 1). eff is its effect
// when it states none: the base decision for the root, the opposite of
// the parent's for a nested one.
func (r *reader) provision(o *object, eff Effect, depth int) (Provision, error) {
	var p Provision
	if depth > MaxProvisionDepth {
		return p, &FHIRError{Path: o.path, Msg: "provisions nested deeper than " + strconv.Itoa(MaxProvisionDepth) + " levels", Err: ErrTooLarge}
	}
	p.Effect = eff
	if t, ok, err := o.str("type"); err != nil {
		return p, err
	} else if ok {
		if p.Effect, err = parseEffect(t, joinPath(o.path, "type")); err != nil {
			return p, err
		}
	}
	var err error
	if p.Period, err = r.period(o, "period"); err != nil {
		return p, err
	}
	if p.DataPeriod, err = r.period(o, "dataPeriod"); err != nil {
		return p, err
	}

	actors, err := o.arr("actor")
	if err != nil {
		return p, err
	}
	for i, raw := range actors {
		as, err := r.actor(raw, indexPath(joinPath(o.path, "actor"), i))
		if err != nil {
			return p, err
		}
		for _, a := range as {
			p.Actors = append(p.Actors, a)
			if r.p.isRecipientRole(a.Role.Code) && !slices.Contains(p.Recipients, a.Reference) {
				p.Recipients = append(p.Recipients, a.Reference)
			}
		}
	}
	if p.Actions, err = r.concepts(o, "action"); err != nil {
		return p, err
	}
	if p.Codes, err = r.concepts(o, "code"); err != nil {
		return p, err
	}
	if p.Classes, err = r.codings(o, "class"); err != nil {
		return p, err
	}

	labels, err := r.codings(o, "securityLabel")
	if err != nil {
		return p, err
	}
	for i, l := range labels {
		if l.System != SystemActCode && l.System != SystemConfidentiality {
			return p, &FHIRError{Path: indexPath(joinPath(o.path, "securityLabel"), i) + ".system", Msg: "want " + SystemActCode + " or " + SystemConfidentiality}
		}
		p.Categories = append(p.Categories, Category(l.Code))
	}
	purposes, err := r.codings(o, "purpose")
	if err != nil {
		return p, err
	}
	for i, pu := range purposes {
		if pu.System != SystemActReason {
			return p, &FHIRError{Path: indexPath(joinPath(o.path, "purpose"), i) + ".system", Msg: "want " + SystemActReason}
		}
		p.Purposes = append(p.Purposes, Purpose(pu.Code))
	}

	data, err := o.arr("data")
	if err != nil {
		return p, err
	}
	for i, raw := range data {
		d, err := r.dataRef(raw, indexPath(joinPath(o.path, "data"), i))
		if err != nil {
			return p, err
		}
		p.Data = append(p.Data, d)
	}

	subs, err := o.arr("provision")
	if err != nil {
		return p, err
	}
	for i, raw := range subs {
		sub, err := decodeObject(raw, indexPath(joinPath(o.path, "provision"), i))
		if err != nil {
			return p, err
		}
		q, err := r.provision(sub, p.Effect.opposite(), depth+1)
		if err != nil {
			return p, err
		}
		p.Provisions = append(p.Provisions, q)
	}
	return p, o.rest()
}

// opposite returns the other effect: what a nested provision without a
// type does.
func (e Effect) opposite() Effect {
	if e == Permit {
		return Deny
	}
	return Permit
}

func parseEffect(s, path string) (Effect, error) {
	switch s {
	case "permit":
		return Permit, nil
	case "deny":
		return Deny, nil
	}
	return Deny, &FHIRError{Path: path, Msg: "want deny or permit, got " + quoteCode(s)}
}

// period reads a Period member.
func (r *reader) period(o *object, name string) (Period, error) {
	var p Period
	po, ok, err := o.obj(name)
	if err != nil || !ok {
		return p, err
	}
	if s, ok, err := po.str("start"); err != nil {
		return p, err
	} else if ok {
		if p.Start, err = parseDateTime(s, joinPath(po.path, "start"), false); err != nil {
			return p, err
		}
	}
	var endFirst time.Time // the first instant of the end's span
	if s, ok, err := po.str("end"); err != nil {
		return p, err
	} else if ok {
		if p.End, err = parseDateTime(s, joinPath(po.path, "end"), true); err != nil {
			return p, err
		}
		endFirst, _ = parseDateTime(s, "", false)
	}
	if !p.Start.IsZero() && !p.End.IsZero() && endFirst.Before(p.Start) {
		return p, &FHIRError{Path: joinPath(po.path, "end"), Msg: "before the start (R4 invariant per-1)"}
	}
	return p, po.rest()
}

// actor reads a provision actor: one Actor for each coding of its role.
func (r *reader) actor(raw any, path string) ([]Actor, error) {
	o, err := decodeObject(raw, path)
	if err != nil {
		return nil, err
	}
	ref, ok, err := o.obj("reference")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &FHIRError{Path: joinPath(path, "reference"), Msg: "required"}
	}
	id, ok, err := ref.str("reference")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &FHIRError{Path: joinPath(ref.path, "reference"), Msg: "required: a provision names its actors by reference"}
	}
	name, _, err := ref.str("display")
	if err != nil {
		return nil, err
	}
	if err := ref.rest(); err != nil {
		return nil, err
	}
	role, ok, err := o.obj("role")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &FHIRError{Path: joinPath(path, "role"), Msg: "required"}
	}
	roles, err := r.concept(role)
	if err != nil {
		return nil, err
	}
	if err := o.rest(); err != nil {
		return nil, err
	}
	as := make([]Actor, len(roles))
	for i, rc := range roles {
		as[i] = Actor{Role: rc, Reference: id, Name: name}
	}
	return as, nil
}

// concepts reads an array of CodeableConcepts as their codings: the
// codings of one concept are alternatives, as are the concepts.
func (r *reader) concepts(o *object, name string) ([]Coding, error) {
	xs, err := o.arr(name)
	if err != nil {
		return nil, err
	}
	var out []Coding
	for i, raw := range xs {
		cc, err := decodeObject(raw, indexPath(joinPath(o.path, name), i))
		if err != nil {
			return nil, err
		}
		cs, err := r.concept(cc)
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

// concept reads a CodeableConcept, which must have codings: a text alone
// cannot be matched, and dropping it would widen the provision.
func (r *reader) concept(cc *object) ([]Coding, error) {
	cs, err := r.codings(cc, "coding")
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, &FHIRError{Path: joinPath(cc.path, "coding"), Msg: "required: a concept without codings cannot be matched"}
	}
	return cs, cc.rest()
}

// codings reads an array of Codings.
func (r *reader) codings(o *object, name string) ([]Coding, error) {
	xs, err := o.arr(name)
	if err != nil {
		return nil, err
	}
	var out []Coding
	for i, raw := range xs {
		path := indexPath(joinPath(o.path, name), i)
		co, err := decodeObject(raw, path)
		if err != nil {
			return nil, err
		}
		var c Coding
		var ok bool
		if c.System, _, err = co.str("system"); err != nil {
			return nil, err
		}
		if c.Code, ok, err = co.str("code"); err != nil {
			return nil, err
		} else if !ok {
			return nil, &FHIRError{Path: joinPath(path, "code"), Msg: "required"}
		}
		if c.Display, _, err = co.str("display"); err != nil {
			return nil, err
		}
		if err := co.rest(); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// dataMeanings are the consent-data-meaning codes.
var dataMeanings = []string{"instance", "related", "dependents", "authoredby"}

func (r *reader) dataRef(raw any, path string) (DataRef, error) {
	var d DataRef
	o, err := decodeObject(raw, path)
	if err != nil {
		return d, err
	}
	m, ok, err := o.str("meaning")
	if err != nil {
		return d, err
	}
	if !ok || !slices.Contains(dataMeanings, m) {
		return d, &FHIRError{Path: joinPath(path, "meaning"), Msg: "want instance, related, dependents or authoredby"}
	}
	d.Meaning = m
	ref, ok, err := o.obj("reference")
	if err != nil {
		return d, err
	}
	if !ok {
		return d, &FHIRError{Path: joinPath(path, "reference"), Msg: "required"}
	}
	if d.Reference, ok, err = ref.str("reference"); err != nil {
		return d, err
	} else if !ok {
		return d, &FHIRError{Path: joinPath(ref.path, "reference"), Msg: "required"}
	}
	if err := ref.rest(); err != nil {
		return d, err
	}
	return d, o.rest()
}

// party reads a performer or organization reference.
func (r *reader) party(raw any, path string) (Party, error) {
	var p Party
	o, err := decodeObject(raw, path)
	if err != nil {
		return p, err
	}
	var ok bool
	if p.ID, ok, err = o.str("reference"); err != nil {
		return p, err
	} else if !ok {
		return p, &FHIRError{Path: joinPath(path, "reference"), Msg: "required"}
	}
	if p.Name, _, err = o.str("display"); err != nil {
		return p, err
	}
	exts, err := o.arr("extension")
	if err != nil {
		return p, err
	}
	for i, raw := range exts {
		epath := indexPath(joinPath(path, "extension"), i)
		e, err := decodeObject(raw, epath)
		if err != nil {
			return p, err
		}
		url, _, err := e.str("url")
		if err != nil {
			return p, err
		}
		if url != ExtPartyKind || p.Kind != "" {
			return p, &FHIRError{Path: joinPath(epath, "url"), Msg: "only one extension " + ExtPartyKind + " is supported here"}
		}
		kind, ok, err := e.str("valueCode")
		if err != nil {
			return p, err
		}
		if !ok {
			return p, &FHIRError{Path: joinPath(epath, "valueCode"), Msg: "required"}
		}
		if err := e.rest(); err != nil {
			return p, err
		}
		p.Kind = kind
	}
	return p, o.rest()
}

// validID reports whether s is a FHIR id.
func validID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// known reports whether s is one of the consent states.
func (s Status) known() bool {
	switch s {
	case Draft, Proposed, Active, Revoked, Rejected, EnteredInError:
		return true
	}
	return false
}
