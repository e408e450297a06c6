package disclosure

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/internal/jsonv"
	"github.com/custodianhq/custodian/minimize"
)

// A permit that rests on a consent limited to certain data releases only
// that data, and a restriction limited to certain data withholds it
// whatever rule decides. The engine gives such a permit an Outcome.Scope
// (consent.Scope: Include limits, every one must hold, and Exclude limits,
// any one withholds); Release applies every permitted outcome's scope
// before the views, so scope and view compose: a resource leaves only when
// both allow it.
//
// What a consent.Limit matches in a FHIR resource:
//
//	Classes     a resource type (system http://hl7.org/fhir/resource-types or
//	            none) equal to resourceType; a profile (a canonical URL) in
//	            meta.profile; a MIME type (urn:ietf:bcp:13) equal to the
//	            contentType of a Binary, of content[].attachment or of
//	            presentedForm[]
//	Codes       a Coding with that system and code anywhere in the resource
//	Data        instance: the resource itself ("Type/id"); dependents: the
//	            resource or one that refers to it; related (the resource and
//	            those it refers to): the resource itself in a permit, and as
//	            dependents in a deny, since each entry is judged alone and
//	            neither may reach further than the entry shows; authoredby:
//	            a resource whose author, performer, recorder, asserter,
//	            requester or informant it is
//	DataPeriod  the resource's clinical date (effective[x], issued,
//	            authoredOn, recordedDate, onset[x], occurrence[x],
//	            performed[x], date, period.start, created) within the period;
//	            a resource without such a date is outside an Include and
//	            inside an Exclude (it fails closed both ways)
//	Actors      a resource that refers to the actor anywhere
//
// In a Bundle each entry is judged alone and an entry outside a scope is
// removed; the Bundle is then pruned (minimize.PruneBundle) so that no
// reference, total or paging link betrays it. A
// record that is not a Bundle is judged whole: outside a scope, nothing is
// released. Every resource withheld is named, as "Type/id", in
// Outcome.Withheld of the outcome whose scope withheld it. When several
// permitted categories have scopes, a resource must be inside all of
// them: an unlabelled resource cannot be told to belong to one category
// rather than another.

// scopeOf returns the scope of a permitted outcome: the limits of the
// consent it rests on (cited) and the exclusions of the restrictions in
// force. It allocates, and runs only for an outcome that has a scope.
func scopeOf(cs []consent.Consent, q consent.Query, as *consent.Assessment, cited string) *consent.Scope {
	var s *consent.Scope
	if c := findConsent(cs, cited); c != nil {
		s = c.ScopeOf(q)
	}
	for _, id := range as.Excluding {
		c := findConsent(cs, id)
		if c == nil {
			continue
		}
		if x := c.ScopeOf(q); x != nil && len(x.Exclude) > 0 {
			if s == nil {
				s = &consent.Scope{ConsentID: id}
			}
			s.Exclude = append(s.Exclude, x.Exclude...)
		}
	}
	return s
}

func findConsent(cs []consent.Consent, id string) *consent.Consent {
	if id == "" {
		return nil
	}
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i]
		}
	}
	return nil
}

// applyScopes returns record without the resources outside the scopes of
// the permitted outcomes, naming each in Outcome.Withheld; record itself
// when no outcome has a scope, and nil when a record that is not a Bundle
// is outside one. A Bundle that loses entries is pruned
// (minimize.PruneBundle): references to the removed entries go from the
// entries kept, which are copied for it, Bundle.total counts what is left
// and the paging links go, so that nothing betrays what was withheld. The
// input is never modified.
func applyScopes(d *Decision, record map[string]any) (map[string]any, error) {
	var scoped []int
	for i := range d.Outcomes {
		if d.Outcomes[i].Effect == consent.Permit && d.Outcomes[i].Scope != nil {
			scoped = append(scoped, i)
		}
	}
	if len(scoped) == 0 || record == nil {
		return record, nil
	}
	entries, isBundle := record["entry"].([]any)
	if record["resourceType"] != "Bundle" || !isBundle {
		if keep(d, scoped, record) {
			return record, nil
		}
		return nil, nil
	}
	kept := make([]any, 0, len(entries))
	var removed []string
	for _, entry := range entries {
		em, _ := entry.(map[string]any)
		res, _ := em["resource"].(map[string]any)
		if keep(d, scoped, res) {
			kept = append(kept, entry)
		} else {
			removed = append(removed, minimize.EntryReferences(em)...)
		}
	}
	if len(kept) == len(entries) {
		return record, nil
	}
	out := make(map[string]any, len(record))
	for k, v := range record {
		out[k] = v
	}
	for i, e := range kept {
		c, ok := jsonv.Copy(e, minimize.MaxDepth+1, nil)
		if !ok {
			return nil, fmt.Errorf("disclosure: decision %s: %w", d.ID, minimize.ErrTooDeep)
		}
		kept[i] = c
	}
	out["entry"] = kept
	if _, err := minimize.PruneBundle(out, removed); err != nil {
		return nil, fmt.Errorf("disclosure: decision %s: %w", d.ID, err)
	}
	return out, nil
}

// keep reports whether res is inside the scope of every scoped outcome,
// naming it (once) in the Withheld of each outcome whose scope it is
// outside. An entry is judged alone, whatever its neighbours, so that
// releasing it alone gives the same answer.
func keep(d *Decision, scoped []int, res map[string]any) bool {
	ok := true
	for _, i := range scoped {
		o := &d.Outcomes[i]
		if !inScope(o.Scope, res) {
			if ref := resourceRef(res); !slices.Contains(o.Withheld, ref) {
				o.Withheld = append(o.Withheld, ref)
			}
			ok = false
		}
	}
	return ok
}

// inScope reports whether res is within every Include limit of s and
// within no Exclude limit.
func inScope(s *consent.Scope, res map[string]any) bool {
	if res == nil {
		return false
	}
	for i := range s.Include {
		if !within(&s.Include[i], res, false) {
			return false
		}
	}
	for i := range s.Exclude {
		if within(&s.Exclude[i], res, true) {
			return false
		}
	}
	return true
}

// within reports whether res matches every element l gives. deny says
// the limit is a deny's, where what cannot be told is inside (a resource
// without a clinical date, a related resource).
func within(l *consent.Limit, res map[string]any, deny bool) bool {
	if len(l.Classes) > 0 && !anyClass(res, l.Classes) {
		return false
	}
	if len(l.Codes) > 0 && !hasCoding(res, l.Codes) {
		return false
	}
	if len(l.Data) > 0 && !anyData(res, l.Data, deny) {
		return false
	}
	if !l.DataPeriod.IsZero() {
		at, known := clinicalDate(res)
		if !known && !deny || known && !l.DataPeriod.Contains(at) {
			return false
		}
	}
	if len(l.Actors) > 0 {
		found := false
		for _, a := range l.Actors {
			if refersTo(res, a.Reference) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

const (
	systemResourceTypes = "http://hl7.org/fhir/resource-types"
	systemMIME          = "urn:ietf:bcp:13"
)

func anyClass(res map[string]any, classes []consent.Coding) bool {
	for _, c := range classes {
		switch {
		case c.System == systemMIME:
			if hasContentType(res, c.Code) {
				return true
			}
		case c.System == systemResourceTypes || c.System == "":
			if res["resourceType"] == c.Code {
				return true
			}
		case strings.HasPrefix(c.Code, "http://") || strings.HasPrefix(c.Code, "https://"):
			if hasProfile(res, c.Code) {
				return true
			}
		}
	}
	return false
}

func hasProfile(res map[string]any, profile string) bool {
	meta, _ := res["meta"].(map[string]any)
	ps, _ := meta["profile"].([]any)
	for _, p := range ps {
		if s, ok := p.(string); ok && (s == profile || strings.HasPrefix(s, profile+"|")) {
			return true
		}
	}
	return false
}

func hasContentType(res map[string]any, mime string) bool {
	if res["contentType"] == mime {
		return true
	}
	contents, _ := res["content"].([]any)
	for _, c := range contents {
		cm, _ := c.(map[string]any)
		att, _ := cm["attachment"].(map[string]any)
		if att["contentType"] == mime {
			return true
		}
	}
	forms, _ := res["presentedForm"].([]any)
	for _, f := range forms {
		if fm, _ := f.(map[string]any); fm["contentType"] == mime {
			return true
		}
	}
	return false
}

// hasCoding reports whether a Coding of codes appears anywhere in v.
func hasCoding(v any, codes []consent.Coding) bool {
	return anyObject(v, func(m map[string]any) bool {
		code, ok := m["code"].(string)
		if !ok {
			return false
		}
		system, _ := m["system"].(string)
		for _, c := range codes {
			if c.Code == code && (c.System == "" || c.System == system) {
				return true
			}
		}
		return false
	})
}

func anyData(res map[string]any, data []consent.DataRef, deny bool) bool {
	id := resourceRef(res)
	for _, d := range data {
		if sameRef(d.Reference, id) {
			return true
		}
		switch d.Meaning {
		case "dependents":
			if refersTo(res, d.Reference) {
				return true
			}
		case "related":
			if deny && refersTo(res, d.Reference) {
				return true
			}
		case "authoredby":
			for _, k := range authorFields {
				if refersTo(res[k], d.Reference) {
					return true
				}
			}
		}
	}
	return false
}

// authorFields are the elements that name who authored a resource.
var authorFields = []string{"author", "performer", "recorder", "asserter", "requester", "informant"}

// refersTo reports whether a reference to want appears anywhere in v.
func refersTo(v any, want string) bool {
	return want != "" && anyObject(v, func(m map[string]any) bool {
		r, ok := m["reference"].(string)
		return ok && sameRef(r, want)
	})
}

// anyObject reports whether match holds for v or any JSON object under it.
func anyObject(v any, match func(map[string]any) bool) bool {
	switch v := v.(type) {
	case map[string]any:
		if match(v) {
			return true
		}
		for _, x := range v {
			if anyObject(x, match) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if anyObject(x, match) {
				return true
			}
		}
	}
	return false
}

// sameRef reports whether reference r names "Type/id" want, relative or
// absolute.
func sameRef(r, want string) bool {
	return r != "" && want != "" && (r == want || strings.HasSuffix(r, "/"+want))
}

// resourceRef returns "Type/id" of a resource, as Outcome.Withheld names it.
func resourceRef(res map[string]any) string {
	t, _ := res["resourceType"].(string)
	id, _ := res["id"].(string)
	if t == "" {
		t = "resource"
	}
	return resourceID{typ: t, id: id}.String()
}

// dateFields are the elements that give a resource's clinical date, in
// the order tried.
var dateFields = []string{
	"effectiveDateTime", "effectiveInstant", "effectivePeriod", "issued", "authoredOn", "recordedDate",
	"onsetDateTime", "onsetPeriod", "occurrenceDateTime", "occurrencePeriod", "performedDateTime",
	"performedPeriod", "date", "period", "created",
}

// clinicalDate returns the start of a resource's clinical date.
func clinicalDate(res map[string]any) (time.Time, bool) {
	for _, f := range dateFields {
		v := res[f]
		if p, ok := v.(map[string]any); ok {
			v = p["start"]
		}
		if s, ok := v.(string); ok {
			if t, ok := parseFHIRDate(s); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// parseFHIRDate reads a FHIR date, dateTime or instant as its first
// instant.
func parseFHIRDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
