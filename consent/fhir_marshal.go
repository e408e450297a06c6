package consent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Defaults MarshalFHIR writes for a consent not read from FHIR, whose
// FHIRDetails lack the elements R4 requires.
var (
	defaultScope    = json.RawMessage(`{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]}`)
	defaultCategory = json.RawMessage(`[{"coding":[{"system":"http://loinc.org","code":"64292-6","display":"Release of information consent"}]}]`)
	defaultPolicy   = json.RawMessage(`[{"authority":"https://www.hhs.gov","uri":"https://www.ecfr.gov/current/title-45/section-164.508"}]`)

	researchScope   = json.RawMessage(`{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]}`)
	privacyCategory = json.RawMessage(`[{"coding":[{"system":"http://loinc.org","code":"59284-0","display":"Patient Consent"}]}]`)
	optOutRule      = json.RawMessage(`{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTOUT"}]}`)
	optInRule       = json.RawMessage(`{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]}`)
)

// kindElements returns the default category, policy and policyRule that
// state the consent's kind (see Classify) for a consent whose FHIRDetails
// lack them: a release-of-information consent under 164.508 for an
// authorization, a patient consent with policyRule OPTOUT for a
// restriction and OPTIN for a directive.
func (c *Consent) kindElements() (category, policy, rule json.RawMessage) {
	switch c.Classify() {
	case Restriction:
		return privacyCategory, nil, optOutRule
	case Directive:
		return privacyCategory, nil, optInRule
	}
	return defaultCategory, defaultPolicy, nil
}

// MarshalFHIR writes c as FHIR R4 Consent JSON, indented, such that
// ParseFHIR reads back a Consent equal to c when c was itself read by
// ParseFHIR. See the package documentation for what maps to what.
//
// The root provision always states its type, the base decision, and every
// nested provision its own, so that no reader has to infer them. Consent.Period
// and the root Provision.Period are written as one root provision period,
// their intersection, which is what Evaluate applies. A recipient that no
// actor with a recipient role names is written as an actor with role IRCP.
// MarshalFHIR refuses, with a *FHIRError naming the element, what R4
// cannot carry: an unknown status or effect, an instant outside the years
// 0001 to 9999, nesting deeper than MaxProvisionDepth, a party without ID.
func (c *Consent) MarshalFHIR() ([]byte, error) {
	doc, err := c.fhirObject()
	if err != nil {
		return nil, err
	}
	b, err := marshalJSON(doc)
	if err != nil {
		return nil, &FHIRError{Msg: "cannot write the document: " + jsonReason(err)}
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return nil, &FHIRError{Msg: "cannot write the document: " + jsonReason(err)}
	}
	out.WriteByte('\n')
	// What is written must read back: a check that keeps MarshalFHIR and
	// ParseFHIR in step.
	if _, err := ParseFHIR(out.Bytes()); err != nil {
		return nil, fmt.Errorf("consent: MarshalFHIR: the document would not read back: %w", err)
	}
	return out.Bytes(), nil
}

func (c *Consent) fhirObject() (ordered, error) {
	if !c.Status.known() {
		return nil, &FHIRError{Path: "status", Msg: "not a consent-state-code: " + quoteCode(string(c.Status))}
	}
	if c.Patient == "" {
		return nil, &FHIRError{Path: "patient.reference", Msg: "the consent has no Patient"}
	}
	els := c.FHIR.Elements
	for _, name := range sortedKeys(els) {
		if !slices.Contains(rawElements, name) {
			return nil, &FHIRError{Path: name, Msg: "FHIRDetails.Elements holds an element that is not kept raw"}
		}
	}
	raw := func(doc *ordered, name string, def json.RawMessage) {
		if v, ok := els[name]; ok {
			*doc = append(*doc, member{name, v})
		} else if def != nil {
			*doc = append(*doc, member{name, def})
		}
	}

	doc := ordered{{"resourceType", "Consent"}}
	if c.ID != "" {
		doc = append(doc, member{"id", c.ID})
	}
	raw(&doc, "_id", nil)
	raw(&doc, "meta", nil)
	raw(&doc, "language", nil)
	raw(&doc, "_language", nil)
	raw(&doc, "text", nil)
	raw(&doc, "contained", nil)
	exts, err := c.fhirExtensions()
	if err != nil {
		return nil, err
	}
	if len(exts) > 0 {
		doc = append(doc, member{"extension", exts})
	}
	raw(&doc, "identifier", nil)
	doc = append(doc, member{"status", string(c.Status)})
	raw(&doc, "_status", nil)
	scope := defaultScope
	if c.Domain == ResearchDomain {
		scope = researchScope
	}
	raw(&doc, "scope", scope)
	category, policy, rule := c.kindElements()
	if _, ok := els["category"]; ok {
		category, policy, rule = nil, defaultPolicy, nil
	}
	raw(&doc, "category", category)

	patient := ordered{{"reference", c.Patient}}
	if c.FHIR.PatientDisplay != "" {
		patient = append(patient, member{"display", c.FHIR.PatientDisplay})
	}
	doc = append(doc, member{"patient", patient})
	if !c.Signed.IsZero() {
		s, err := formatDateTime(c.Signed, "dateTime", false, time.Time{})
		if err != nil {
			return nil, err
		}
		doc = append(doc, member{"dateTime", s})
	}
	raw(&doc, "_dateTime", nil)

	var performers []any
	if c.Grantor != (Party{}) {
		g, err := fhirParty(c.Grantor, "performer[0]")
		if err != nil {
			return nil, err
		}
		performers = append(performers, g)
	} else if len(c.FHIR.Performers) > 0 {
		return nil, &FHIRError{Path: "performer[0]", Msg: "the consent has no Grantor but other performers: the first performer is the grantor"}
	}
	for _, p := range c.FHIR.Performers {
		performers = append(performers, p)
	}
	if len(performers) > 0 {
		doc = append(doc, member{"performer", performers})
	}
	if len(c.Disclosers) > 0 {
		orgs := make([]any, len(c.Disclosers))
		for i, d := range c.Disclosers {
			if orgs[i], err = fhirParty(d, indexPath("organization", i)); err != nil {
				return nil, err
			}
		}
		doc = append(doc, member{"organization", orgs})
	}
	raw(&doc, "sourceAttachment", nil)
	raw(&doc, "sourceReference", nil)
	_, hasPolicy := els["policy"]
	_, hasRule := els["policyRule"]
	if hasPolicy || (!hasRule && rule == nil) {
		raw(&doc, "policy", policy)
	}
	raw(&doc, "policyRule", rule)
	raw(&doc, "verification", nil)

	root := c.Provision
	root.Period = intersect(c.Period, c.Provision.Period)
	prov, err := fhirProvision(&root, "provision", 1)
	if err != nil {
		return nil, err
	}
	doc = append(doc, member{"provision", prov})
	return doc, nil
}

// fhirExtensions returns the extensions kept raw followed by Custodian's.
func (c *Consent) fhirExtensions() ([]any, error) {
	var out []any
	if raw, ok := c.FHIR.Elements["extension"]; ok {
		xs, err := decodeArray(raw, "extension")
		if err != nil {
			return nil, err
		}
		out = append(out, xs...)
	}
	for _, e := range []struct{ url, value string }{
		{ExtDescription, c.Description},
		{ExtExpiryEvent, c.ExpiryEvent},
		{ExtAuthority, c.Authority},
	} {
		if e.value != "" {
			out = append(out, ordered{{"url", e.url}, {"valueString", e.value}})
		}
	}
	if !c.Revoked.IsZero() {
		s, err := formatDateTime(c.Revoked, "extension.valueDateTime", false, time.Time{})
		if err != nil {
			return nil, err
		}
		out = append(out, ordered{{"url", ExtRevoked}, {"valueDateTime", s}})
	}
	return out, nil
}

// fhirParty writes a party as a reference.
func fhirParty(p Party, path string) (ordered, error) {
	if p.ID == "" {
		return nil, &FHIRError{Path: joinPath(path, "reference"), Msg: "the party has no ID"}
	}
	o := ordered{{"reference", p.ID}}
	if p.Name != "" {
		o = append(o, member{"display", p.Name})
	}
	if p.Kind != "" {
		o = append(o, member{"extension", []any{ordered{{"url", ExtPartyKind}, {"valueCode", p.Kind}}}})
	}
	return o, nil
}

// fhirProvision writes a provision and its exceptions.
func fhirProvision(p *Provision, path string, depth int) (ordered, error) {
	if depth > MaxProvisionDepth {
		return nil, &FHIRError{Path: path, Msg: "provisions nested deeper than " + strconv.Itoa(MaxProvisionDepth) + " levels", Err: ErrTooLarge}
	}
	if p.Effect != Deny && p.Effect != Permit {
		return nil, &FHIRError{Path: joinPath(path, "type"), Msg: "unknown effect " + strconv.Itoa(int(p.Effect))}
	}
	o := ordered{{"type", p.Effect.String()}}
	if err := appendPeriod(&o, "period", p.Period, path); err != nil {
		return nil, err
	}

	var actors []any
	covered := make([]bool, len(p.Recipients))
	for _, a := range p.Actors {
		actors = append(actors, fhirActor(a))
		if slices.Contains(defaultRecipientRoles, a.Role.Code) {
			for i, r := range p.Recipients {
				covered[i] = covered[i] || r == a.Reference
			}
		}
	}
	for i, r := range p.Recipients {
		if !covered[i] && !slices.Contains(p.Recipients[:i], r) {
			actors = append(actors, fhirActor(Actor{Role: Coding{System: SystemParticipation, Code: "IRCP"}, Reference: r}))
		}
	}
	if len(actors) > 0 {
		o = append(o, member{"actor", actors})
	}
	if len(p.Actions) > 0 {
		o = append(o, member{"action", concepts(p.Actions)})
	}
	if len(p.Categories) > 0 {
		labels := make([]any, len(p.Categories))
		for i, c := range p.Categories {
			system := SystemActCode
			if isConfidentiality(c) {
				system = SystemConfidentiality
			}
			labels[i] = coding(Coding{System: system, Code: string(c)})
		}
		o = append(o, member{"securityLabel", labels})
	}
	if len(p.Purposes) > 0 {
		purposes := make([]any, len(p.Purposes))
		for i, pu := range p.Purposes {
			purposes[i] = coding(Coding{System: SystemActReason, Code: string(pu)})
		}
		o = append(o, member{"purpose", purposes})
	}
	if len(p.Classes) > 0 {
		classes := make([]any, len(p.Classes))
		for i, c := range p.Classes {
			classes[i] = coding(c)
		}
		o = append(o, member{"class", classes})
	}
	if len(p.Codes) > 0 {
		o = append(o, member{"code", concepts(p.Codes)})
	}
	if err := appendPeriod(&o, "dataPeriod", p.DataPeriod, path); err != nil {
		return nil, err
	}
	if len(p.Data) > 0 {
		data := make([]any, len(p.Data))
		for i, d := range p.Data {
			data[i] = ordered{{"meaning", d.Meaning}, {"reference", ordered{{"reference", d.Reference}}}}
		}
		o = append(o, member{"data", data})
	}
	if len(p.Provisions) > 0 {
		subs := make([]any, len(p.Provisions))
		for i := range p.Provisions {
			sub, err := fhirProvision(&p.Provisions[i], indexPath(joinPath(path, "provision"), i), depth+1)
			if err != nil {
				return nil, err
			}
			subs[i] = sub
		}
		o = append(o, member{"provision", subs})
	}
	return o, nil
}

func appendPeriod(o *ordered, name string, p Period, path string) error {
	if p.IsZero() {
		return nil
	}
	path = joinPath(path, name)
	var po ordered
	if !p.Start.IsZero() {
		s, err := formatDateTime(p.Start, joinPath(path, "start"), false, time.Time{})
		if err != nil {
			return err
		}
		po = append(po, member{"start", s})
	}
	if !p.End.IsZero() {
		s, err := formatDateTime(p.End, joinPath(path, "end"), true, p.Start)
		if err != nil {
			return err
		}
		po = append(po, member{"end", s})
	}
	*o = append(*o, member{name, po})
	return nil
}

func fhirActor(a Actor) ordered {
	ref := ordered{{"reference", a.Reference}}
	if a.Name != "" {
		ref = append(ref, member{"display", a.Name})
	}
	return ordered{{"role", ordered{{"coding", []any{coding(a.Role)}}}}, {"reference", ref}}
}

// concepts writes codings as CodeableConcepts of one coding each.
func concepts(cs []Coding) []any {
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = ordered{{"coding", []any{coding(c)}}}
	}
	return out
}

func coding(c Coding) ordered {
	var o ordered
	if c.System != "" {
		o = append(o, member{"system", c.System})
	}
	o = append(o, member{"code", c.Code})
	if c.Display != "" {
		o = append(o, member{"display", c.Display})
	}
	return o
}

// isConfidentiality reports whether c is a v3-Confidentiality code.
func isConfidentiality(c Category) bool {
	switch c {
	case "U", "L", "M", "N", "R", "V":
		return true
	}
	return false
}

// intersect returns the period within both a and b.
func intersect(a, b Period) Period {
	out := a
	if b.Start.After(out.Start) {
		out.Start = b.Start
	}
	if !b.End.IsZero() && (out.End.IsZero() || b.End.Before(out.End)) {
		out.End = b.End
	}
	return out
}

// ordered is a JSON object whose members are written in the order given.
type ordered []member

type member struct {
	name  string
	value any
}

// MarshalJSON writes the members in order.
func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalJSON(m.name)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalJSON(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalJSON is json.Marshal without the escaping of <, > and &, which
// FHIR narrative is full of.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
