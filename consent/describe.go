package consent

import (
	"slices"
	"strings"
	"time"
)

// Describe returns a plain-language summary of the consent for the
// patient: what will be shared, by whom, with whom, for what purpose, from
// and until when, the exceptions in words, that specially protected
// categories are not included unless named, and how revocation works
// (45 CFR 164.508(b)(5) and (c)(2)). Dates are in UTC. The text depends
// only on c, so that it can be stored with the signed form and compared.
// The specially protected categories it names are DefaultProtected; use
// DescribeProtected when the policy protects another set.
func (c *Consent) Describe() string { return c.DescribeProtected(nil) }

// DescribeProtected is Describe for a host whose specially protected
// categories are protected (the engine's set, such as a layered policy's);
// nil means DefaultProtected.
func (c *Consent) DescribeProtected(protected []Category) string {
	var b strings.Builder
	d := describer{c: c, b: &b, set: protected}
	if d.set == nil {
		d.set = defaultProtected
	}
	d.header()
	d.summary()
	d.rules()
	d.protected()
	d.revocation()
	return b.String()
}

type describer struct {
	c   *Consent
	b   *strings.Builder
	set []Category // the specially protected categories
}

// noun is what the consent is called in the text: its kind.
func (d *describer) noun() string {
	switch d.c.Classify() {
	case Restriction:
		return "restriction"
	case Directive:
		return "privacy directive"
	}
	return "authorization"
}

func (d *describer) line(parts ...string) {
	for _, p := range parts {
		d.b.WriteString(p)
	}
	d.b.WriteByte('\n')
}

func (d *describer) header() {
	c := d.c
	title := "Authorization"
	switch c.Classify() {
	case Restriction:
		title = "Restriction"
	case Directive:
		title = "Privacy directive"
	}
	if c.ID != "" {
		title += " " + c.ID
	}
	d.line(title)
	d.line(strings.Repeat("=", len(title)))
	d.line()
	switch c.Status {
	case Active:
		if !c.Revoked.IsZero() {
			d.line("Status: revoked on ", describeTime(c.Revoked), ".")
		} else {
			d.line("Status: active, in force for the period below.")
		}
	case Revoked:
		if c.Revoked.IsZero() {
			d.line("Status: no longer in force.")
		} else {
			d.line("Status: revoked on ", describeTime(c.Revoked), ". Disclosures made before then are not undone.")
		}
	case Draft, Proposed:
		d.line("Status: not yet in force (", string(c.Status), ").")
	default:
		d.line("Status: not in force (", string(c.Status), ").")
	}
	d.line()
}

// summary gathers, over every permit, what is shared, with whom and why.
func (d *describer) summary() {
	c := d.c
	var cats []Category
	var recips, purposes []string
	var open bool // a permit with no recipient on its path
	c.Provision.walk(nil, func(path []*Provision) {
		p := path[len(path)-1]
		if p.Effect != Permit {
			return
		}
		named := false
		for _, q := range path {
			for _, ca := range q.Categories {
				if !slices.Contains(cats, ca) {
					cats = append(cats, ca)
				}
			}
			for _, r := range q.Recipients {
				named = true
				if n := recipientName(q, r); !slices.Contains(recips, n) {
					recips = append(recips, n)
				}
			}
			for _, pu := range q.Purposes {
				if n := pu.Name(); !slices.Contains(purposes, n) {
					purposes = append(purposes, n)
				}
			}
		}
		open = open || !named
	})
	if !c.Provision.permits() {
		d.line("This consent does not allow any disclosure; it restricts what other permissions allow, as described below.")
		d.line()
		return
	}

	what := c.Description
	if what == "" && len(cats) > 0 {
		names := make([]string, len(cats))
		for i, ca := range cats {
			names[i] = ca.Name()
		}
		what = capitalize(list(names, "and"))
	}
	if what == "" {
		what = "Not described"
	}
	d.line("What will be shared: ", sentence(what))

	who := "Not named"
	if len(c.Disclosers) > 0 {
		names := make([]string, len(c.Disclosers))
		for i, p := range c.Disclosers {
			names[i] = partyName(p)
		}
		who = list(names, "and")
	}
	d.line("Who may share it: ", sentence(who))

	to := "Not limited to named recipients"
	if len(recips) > 0 {
		to = list(recips, "and")
		if open {
			to += ", and recipients not named"
		}
	}
	d.line("Who will receive it: ", sentence(to))

	why := "Not stated"
	if len(purposes) > 0 {
		why = capitalize(list(purposes, "and"))
	}
	d.line("For what purpose: ", sentence(why))

	if !c.Period.Start.IsZero() {
		d.line("From: ", describeTime(c.Period.Start), ".")
	}
	switch {
	case !c.Period.End.IsZero() && c.ExpiryEvent != "":
		d.line("Until: ", describeEnd(c.Period.End), ", or ", strings.TrimSuffix(c.ExpiryEvent, "."), " if that comes first.")
	case !c.Period.End.IsZero():
		d.line("Until: ", describeEnd(c.Period.End), ".")
	case c.ExpiryEvent != "":
		d.line("Until: ", sentence(c.ExpiryEvent))
	default:
		d.line("Until: no expiration date or event is stated.")
	}

	signed := "Signed"
	if !c.Signed.IsZero() {
		signed += " on " + describeTime(c.Signed)
	}
	switch g := c.Grantor; {
	case g.ID == "" && g.Name == "":
		signed += ", signer not recorded"
	case g.ID == c.Patient || (g.ID == "" && g.Kind == "patient"):
		signed += " by you"
	default:
		signed += " by " + partyName(g)
		if c.Authority != "" {
			signed += ", acting for you as " + strings.TrimSuffix(c.Authority, ".")
		} else {
			signed += ", acting for you"
		}
	}
	d.line(signed, ".")
	d.line()
}

// rules writes the provision tree, each exception under its parent.
func (d *describer) rules() {
	d.line("In detail:")
	d.rule(&d.c.Provision, 0)
	d.line()
}

func (d *describer) rule(p *Provision, depth int) {
	indent := strings.Repeat("  ", depth)
	lead := "- "
	switch {
	case depth == 0:
		lead += "As a rule, "
	case depth == 1:
		lead += "Except: "
	default:
		lead += "Except, within that: "
	}
	text := provisionText(p, depth == 0)
	if depth > 0 {
		text = capitalize(text)
	}
	d.line(indent, lead, text)
	for i := range p.Provisions {
		if depth >= MaxProvisionDepth {
			d.line(indent, "  - (further exceptions not shown)")
			break
		}
		d.rule(&p.Provisions[i], depth+1)
	}
}

// provisionText says in one sentence what a provision does.
func provisionText(p *Provision, root bool) string {
	var what []string
	for _, ca := range p.Categories {
		what = append(what, ca.Name())
	}
	subject := "information"
	if root {
		subject = "your health information"
	}
	if len(what) > 0 {
		subject = list(what, "and")
	}
	var s strings.Builder
	s.WriteString(subject)
	if p.Effect == Permit {
		s.WriteString(" may be shared")
	} else {
		s.WriteString(" is not shared")
	}
	if len(p.Recipients) > 0 {
		names := make([]string, len(p.Recipients))
		for i, r := range p.Recipients {
			names[i] = recipientName(p, r)
		}
		s.WriteString(" with " + list(names, "or"))
	}
	if len(p.Purposes) > 0 {
		names := make([]string, len(p.Purposes))
		for i, pu := range p.Purposes {
			names[i] = pu.Name()
		}
		s.WriteString(" for " + list(names, "or"))
	}
	if len(p.Actions) > 0 {
		s.WriteString(" when the request is to " + list(codingNames(p.Actions), "or"))
	}
	if !p.Period.IsZero() {
		s.WriteString(" " + describePeriod(p.Period))
	}
	var limits []string
	if len(p.Classes) > 0 {
		limits = append(limits, "records of type "+list(codingNames(p.Classes), "or"))
	}
	if len(p.Codes) > 0 {
		limits = append(limits, "records coded "+list(codingNames(p.Codes), "or"))
	}
	if len(p.Data) > 0 {
		refs := make([]string, len(p.Data))
		for i, r := range p.Data {
			refs[i] = r.Reference
		}
		limits = append(limits, "the records "+list(refs, "and"))
	}
	if !p.DataPeriod.IsZero() {
		limits = append(limits, "information dated "+describePeriod(p.DataPeriod))
	}
	if len(limits) > 0 {
		s.WriteString(". This applies only to " + list(limits, "and"))
	}
	var others []string
	for _, a := range p.Actors {
		if !slices.Contains(p.Recipients, a.Reference) {
			others = append(others, nameOr(a.Name, a.Reference)+" as "+roleName(a.Role.Code))
		}
	}
	if len(others) > 0 {
		s.WriteString(" (also naming " + list(others, "and") + ")")
	}
	return sentence(s.String())
}

func (d *describer) protected() {
	var named []string
	d.c.Provision.walk(nil, func(path []*Provision) {
		if path[len(path)-1].Effect != Permit {
			return
		}
		for _, q := range path {
			for _, ca := range q.Categories {
				if slices.Contains(d.set, ca) && !slices.Contains(named, ca.Name()) {
					named = append(named, ca.Name())
				}
			}
		}
	})
	if slices.Equal(d.set, defaultProtected) {
		d.line("Specially protected information (psychotherapy notes, substance use disorder records, HIV/AIDS,",
			" genetic, sexual and reproductive health, and sexual assault or abuse information) is not shared",
			" unless this ", d.noun(), " names it.")
	} else {
		var names []string
		for _, ca := range d.set {
			if n := ca.Name(); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			names = append(names, "none")
		}
		d.line("Specially protected information (", list(names, "and"), ") is not shared unless this ", d.noun(), " names it.")
	}
	if len(named) > 0 {
		d.line("This ", d.noun(), " names: ", list(named, "and"), ".")
	} else {
		d.line("This ", d.noun(), " names none of it.")
	}
	d.line()
}

func (d *describer) revocation() {
	to := "the organization that holds your records"
	if len(d.c.Disclosers) > 0 {
		names := make([]string, len(d.c.Disclosers))
		for i, p := range d.c.Disclosers {
			names[i] = partyName(p)
		}
		to = list(names, "or")
	}
	if d.c.Classify() != Authorization {
		d.line("You may withdraw or change this ", d.noun(), " at any time by writing to ", to, ".")
		return
	}
	d.line("You may revoke this authorization at any time by writing to ", to, ".",
		" A revocation stops disclosures from the time it is received; it does not undo disclosures",
		" already made in reliance on this authorization (45 CFR 164.508(b)(5)).")
	if d.c.Provision.permits() {
		d.line("Information shared under this authorization may be shared again by the recipient",
			" and may then no longer be protected by federal privacy law (45 CFR 164.508(c)(2)(iii)).")
	}
}

// walk calls fn with the path from the root to every provision.
func (p *Provision) walk(path []*Provision, fn func(path []*Provision)) {
	path = append(path, p)
	fn(path)
	if len(path) > MaxProvisionDepth {
		return
	}
	for i := range p.Provisions {
		p.Provisions[i].walk(path, fn)
	}
}

// recipientName is the display name of recipient r of p, or r.
func recipientName(p *Provision, r string) string {
	for _, a := range p.Actors {
		if a.Reference == r && a.Name != "" {
			return a.Name
		}
	}
	return r
}

func partyName(p Party) string { return nameOr(p.Name, p.ID) }

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}

func codingNames(cs []Coding) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = nameOr(c.Display, c.Code)
	}
	return out
}

// list joins words in English: "a", "a and b", "a, b and c".
func list(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// sentence ends s with a full stop.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// describeTime writes an instant as a date, with the time of day in UTC
// unless it is midnight.
func describeTime(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("January 2, 2006")
	}
	return t.Format("January 2, 2006 at 15:04 UTC")
}

// describeEnd writes an exclusive end: a midnight as the end of the day
// before it.
func describeEnd(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return "the end of " + t.AddDate(0, 0, -1).Format("January 2, 2006")
	}
	return t.Format("January 2, 2006 at 15:04 UTC")
}

func describePeriod(p Period) string {
	switch {
	case p.Start.IsZero():
		return "until " + describeEnd(p.End)
	case p.End.IsZero():
		return "from " + describeTime(p.Start)
	}
	return "from " + describeTime(p.Start) + " until " + describeEnd(p.End)
}
