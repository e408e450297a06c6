package label

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/custodianhq/custodian/internal/codesys"
	"github.com/custodianhq/custodian/internal/vocab"
)

// MaxDepth is how deeply a record may nest objects and arrays, Bundle
// entries included: an object or an array that lies more than MaxDepth
// members and items below the record is refused with [ErrInvalidRecord],
// since its codes could not all be read. Objects and arrays count alike.
const MaxDepth = 64

// InlineLabelURL is the DS4P extension that labels one element of a
// resource (FHIR Data Segmentation for Privacy IG 1.0.0).
const InlineLabelURL = codesys.InlineLabel

// textConcepts are the CodeableConcept elements whose meaning decides a
// resource's sensitivity: without a Coding that has a code (text only, a
// display only, nothing), they leave it unchecked.
var textConcepts = map[string]bool{
	"code": true, "valueCodeableConcept": true, "medicationCodeableConcept": true,
	"reasonCode": true, "conclusionCode": true, "vaccineCode": true,
}

// codingKeys are the elements a FHIR Coding may hold. The JSON format also
// allows "fhir_comments" and, for each primitive element, a companion
// whose name starts with '_' ("_display": its id and extensions, such as
// a translation): see [isCodingKey].
var codingKeys = map[string]bool{
	"system": true, "version": true, "code": true, "display": true,
	"userSelected": true, "id": true, "extension": true, "fhir_comments": true,
}

// codedResources are the resource types whose code says what they are
// about and that are never normal without one.
var codedResources = map[string]bool{
	"Observation": true, "DiagnosticReport": true, "Condition": true, "Procedure": true,
}

// primitiveCodeResources are the resource types whose top-level code is a
// string by definition (a search parameter's or an operation's name), not
// a concept.
var primitiveCodeResources = map[string]bool{
	"SearchParameter": true, "OperationDefinition": true, "CompartmentDefinition": true,
}

// Classify reads the codes of a FHIR R4 resource or Bundle, as
// encoding/json decodes it into map[string]any, and reports which
// sensitivity categories each resource holds. Every Coding at any depth is
// read (code, category, valueCodeableConcept, component[].code,
// reasonCode, contained resources, extensions, ...) except the resource's
// meta and DS4P inline labels, whose sensitivity codes go to
// [Result.Labels] instead. Free text is not read.
// It never modifies record. A record that is not a resource (no
// resourceType), nests deeper than [MaxDepth] or holds a Go value that
// encoding/json does not produce fails with a [*RecordError]: no partial
// report is returned, so that an unread code is never taken for a
// non-sensitive one.
func (l *Labeler) Classify(record map[string]any) (Report, error) {
	c := newClassifier(l, false)
	if err := c.record(record); err != nil {
		return Report{}, err
	}
	c.followReferences(record)
	return Report{Resources: c.results, Labels: c.labels}, nil
}

// classifier holds the state of one Classify call.
type classifier struct {
	l         *Labeler
	results   []Result
	labelling bool             // resources is kept, for LabelInPlace
	resources []map[string]any // the resource of each result, when labelling
	segs      []seg            // the path from the record to the current value
	concept   int              // len(segs) at the innermost concept being walked
	codings   int              // Codings met in that concept's coding element
	keys      []string         // scratch: sorted keys of the maps being walked
	res       *Result
	labels    []string // the categories of the Bundles' own meta.security
	medRefs   bool     // some resource has a medicationReference: see followReferences
}

// newClassifier returns a classifier with room for the paths of a typical
// record, so that the walk does not grow its scratch slices. With
// labelling, it also keeps the resource of each result.
func newClassifier(l *Labeler, labelling bool) *classifier {
	return &classifier{l: l, labelling: labelling, segs: make([]seg, 0, 16), keys: make([]string, 0, 16)}
}

// seg is one step of a path: a key, or an array index when key is "".
type seg struct {
	key string
	idx int
}

// path renders segs as "entry[2].resource.code.coding[0]".
func path(segs []seg) string {
	var b strings.Builder
	n := 0
	for _, s := range segs {
		n += len(s.key) + 4 // a key and its dot, or an index of up to two digits and its brackets
	}
	b.Grow(n)
	for _, s := range segs {
		if s.key == "" {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.idx))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// record classifies a resource, or the resources of a Bundle.
func (c *classifier) record(m map[string]any) error {
	if m == nil {
		return recordErr(path(c.segs), "no resource")
	}
	rt, _ := m["resourceType"].(string)
	if rt == "" {
		return recordErr(path(c.segs), "no resourceType")
	}
	if len(c.segs) > MaxDepth {
		return recordErr(path(c.segs), "nested deeper than %d", MaxDepth)
	}
	if rt != "Bundle" {
		return c.resource(m, rt)
	}
	c.bundleLabels(m)
	entries, ok := m["entry"]
	if !ok || entries == nil {
		return nil
	}
	list, ok := entries.([]any)
	if !ok {
		return recordErr(path(append(c.segs, seg{key: "entry"})), "entry is not an array")
	}
	c.results = slices.Grow(c.results, len(list))
	if c.labelling {
		c.resources = slices.Grow(c.resources, len(list))
	}
	for i, e := range list {
		c.segs = append(c.segs, seg{key: "entry"}, seg{idx: i})
		entry, ok := e.(map[string]any)
		if !ok {
			return recordErr(path(c.segs), "entry is not an object")
		}
		if r, ok := entry["resource"]; ok && r != nil {
			c.segs = append(c.segs, seg{key: "resource"})
			rm, ok := r.(map[string]any)
			if !ok {
				return recordErr(path(c.segs), "resource is not an object")
			}
			if err := c.record(rm); err != nil {
				return err
			}
			c.segs = c.segs[:len(c.segs)-1]
		}
		c.segs = c.segs[:len(c.segs)-2]
	}
	return nil
}

// resource classifies one resource other than a Bundle.
func (c *classifier) resource(m map[string]any, rt string) error {
	id, _ := m["id"].(string)
	c.results = append(c.results, Result{Path: path(c.segs), ResourceType: rt, ID: id})
	if c.labelling {
		c.resources = append(c.resources, m)
	}
	c.res = &c.results[len(c.results)-1]
	c.medRefs = c.medRefs || m[medicationReferencePath] != nil
	// Paths in a Result are relative to its resource: they start at base.
	base := len(c.segs)
	defer func() { c.segs = c.segs[:base] }()
	return c.object(m, base, "")
}

// relPath renders the path below the current resource.
func (c *classifier) relPath(base int) string { return path(c.segs[base:]) }

// object walks the members of an object in key order.
func (c *classifier) object(m map[string]any, base int, key string) error {
	if len(c.segs) > MaxDepth {
		return recordErr(path(c.segs), "nested deeper than %d", MaxDepth)
	}
	if code, system, ok := codingOf(m); ok {
		if key == "coding" && len(c.segs) <= c.concept+2 {
			c.codings++ // concept.coding, or concept.coding[i]
		}
		switch code := code.(type) {
		case string:
			c.coding(code, system, base)
		case nil:
			if _, hasCode := m["code"]; hasCode {
				c.unchecked(base, system, "malformed code")
			} else {
				// A Coding that names its system but carries no code
				// cannot be checked: the resource is not normal.
				c.unchecked(base, system, "no code")
			}
		default:
			c.unchecked(base, system, "malformed code")
		}
		return nil
	}
	rt, isResource := m["resourceType"].(string)
	if isResource {
		c.resourceCode(m, rt, base)
	}
	if !textConcepts[key] {
		return c.members(m, base, isResource)
	}
	// A concept that says what the resource is about: the walk counts the
	// Codings of its coding element (not those of a concept nested in it).
	outerCodings, outerConcept := c.codings, c.concept
	c.codings, c.concept = 0, len(c.segs)
	err := c.members(m, base, isResource)
	codings := c.codings
	c.codings, c.concept = outerCodings, outerConcept
	if err != nil || codings > 0 {
		return err
	}
	if isTextOnly(m) {
		c.unchecked(base, "", "text only")
	} else {
		c.unchecked(base, "", "no code")
	}
	return nil
}

// members walks the members of an object that can hold a Coding, in key
// order so that findings come in the same order every time; a resource's
// meta (its labels) is not walked.
func (c *classifier) members(m map[string]any, base int, isResource bool) error {
	if isResource {
		if meta, ok := m["meta"].(map[string]any); ok {
			if sec, ok := meta["security"].([]any); ok {
				for _, l := range sec {
					c.label(l)
				}
			}
		}
	}
	walked := func(k string, v any) bool { return !isScalar(v) && !(isResource && k == "meta") }
	// Most objects have one such member, which needs no sorting.
	n, only := 0, ""
	for k, v := range m {
		if walked(k, v) {
			n++
			only = k
		}
	}
	switch n {
	case 0:
		return nil
	case 1:
		return c.member(m, only, base)
	}
	start := len(c.keys)
	for k, v := range m {
		if walked(k, v) {
			c.keys = append(c.keys, k)
		}
	}
	slices.Sort(c.keys[start:])
	defer func() { c.keys = c.keys[:start] }()
	for i := start; i < len(c.keys); i++ {
		if err := c.member(m, c.keys[i], base); err != nil {
			return err
		}
	}
	return nil
}

// member walks the member k of m.
func (c *classifier) member(m map[string]any, k string, base int) error {
	c.segs = append(c.segs, seg{key: k})
	err := c.value(m[k], base, k)
	c.segs = c.segs[:len(c.segs)-1]
	return err
}

// value walks one JSON value found under key.
func (c *classifier) value(v any, base int, key string) error {
	switch v := v.(type) {
	case map[string]any:
		return c.object(v, base, key)
	case []any:
		if len(c.segs) > MaxDepth {
			return recordErr(path(c.segs), "nested deeper than %d", MaxDepth)
		}
		for i, item := range v {
			if key == "extension" && isInlineLabel(item) {
				c.label(item.(map[string]any)["valueCoding"])
				continue
			}
			c.segs = append(c.segs, seg{idx: i})
			err := c.value(item, base, key)
			c.segs = c.segs[:len(c.segs)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	if isScalar(v) {
		return nil
	}
	return recordErr(path(c.segs), "a value of a type encoding/json does not produce")
}

// isScalar reports whether v is a JSON scalar: what encoding/json decodes
// a string, number, boolean or null into (Go numbers are accepted too).
func isScalar(v any) bool {
	switch v.(type) {
	case nil, string, bool, float64, json.Number, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

// unchecked records that the element at the current path could not be
// checked.
func (c *classifier) unchecked(base int, system, reason string) {
	c.res.Unchecked = append(c.res.Unchecked, Unchecked{Path: c.relPath(base), System: system, Reason: reason})
}

// resourceCode reports a resource's code that cannot say what the
// resource is about: a string where a concept belongs, or no code at all
// in a resource that is never normal without one. A concept is read by
// the walk.
func (c *classifier) resourceCode(m map[string]any, rt string, base int) {
	reason := ""
	switch m["code"].(type) {
	case map[string]any, []any:
		return
	case nil: // absent, or null
		if codedResources[rt] {
			reason = "no code"
		}
	default:
		if !primitiveCodeResources[rt] {
			reason = "not a concept"
		}
	}
	if reason != "" {
		c.segs = append(c.segs, seg{key: "code"})
		c.unchecked(base, "", reason)
		c.segs = c.segs[:len(c.segs)-1]
	}
}

// actCodeSet names, in a Finding, the HL7 v3 ActCode system as the source
// of a category a record states with one of its sensitivity codes.
const actCodeSet = "v3-ActCode"

// coding checks one Coding's code against the value sets of its system.
// The code is read without the whitespace around it; a code that is not
// in its system's syntax cannot be checked, since finding it in no value
// set would say nothing.
func (c *classifier) coding(code, system string, base int) {
	if system == "" {
		c.unchecked(base, "", "no system")
		return
	}
	canonical := codesys.Canonical(system)
	if canonical == codesys.ActCode && c.l.hasCategory(trimSpace(code)) {
		// A sensitivity code written as a concept (a Condition's category
		// HIV) says what the resource holds, as a label would.
		code = trimSpace(code)
		c.res.Findings = append(c.res.Findings, Finding{Category: code, System: canonical, Code: code, ValueSet: actCodeSet, Path: c.relPath(base)})
		return
	}
	if c.l.systems[canonical] == nil {
		if !c.l.isNeutral(canonical) {
			c.unchecked(base, system, "system not covered")
		}
		return // a value set for a system makes it checked, even one neutral by default
	}
	code = trimSpace(code)
	if !codesys.WellFormed(canonical, code) {
		c.unchecked(base, system, "malformed code")
		return
	}
	p := ""
	t := c.l.match(canonical, code, func(set int) {
		if p == "" {
			p = c.relPath(base)
		}
		s := &c.l.sets[set]
		for _, cat := range s.categories {
			c.res.Findings = append(c.res.Findings, Finding{Category: cat, System: canonical, Code: code, ValueSet: s.id, Path: p})
		}
	})
	if p == "" && t.partial {
		c.unchecked(base, system, "not in a partial value set")
		return
	}
	c.res.Checked++
}

// isCodingShape reports whether m holds no element a FHIR Coding does not
// have (a Quantity has a value; backbone elements have more).
func isCodingShape(m map[string]any) bool {
	for k := range m {
		if !isCodingKey(k) {
			return false
		}
	}
	return true
}

// isCodingKey reports whether k may be a member of a Coding in the JSON
// format: an element of Coding, "fhir_comments", or the '_' companion of
// a primitive element.
func isCodingKey(k string) bool {
	return codingKeys[k] || len(k) > 1 && k[0] == '_'
}

// isCoding reports whether m is a Coding with a string code, one that may
// be found in a value set.
func isCoding(m map[string]any) bool {
	code, _, ok := codingOf(m)
	_, isString := code.(string)
	return ok && isString
}

// codingOf reports whether m is a Coding, and returns its code (nil when
// it has none) and its system ("" when it has none or it is not a
// string). A Coding holds only Coding elements and has a code that is not
// an object or an array (an element such as Condition.evidence, whose only
// member is a code holding concepts, is not one), or a system. A code
// that is not a string is the Coding's, malformed.
func codingOf(m map[string]any) (code any, system string, ok bool) {
	code, hasCode := m["code"]
	system, hasSystem := m["system"].(string)
	switch code.(type) {
	case map[string]any, []any:
		return nil, "", false
	}
	if !hasCode && !hasSystem || !isCodingShape(m) {
		return nil, "", false
	}
	return code, system, true
}

// isTextOnly reports whether m is a CodeableConcept with text and no
// coding.
func isTextOnly(m map[string]any) bool {
	if _, ok := m["text"].(string); !ok {
		return false
	}
	switch cs := m["coding"].(type) {
	case nil:
		return true
	case []any:
		return len(cs) == 0
	}
	return false
}

// label notes in the current resource's Labels the category that x, a
// security label's Coding, names (see labelCategory).
func (c *classifier) label(x any) {
	if code, ok := labelCategory(x); ok && !slices.Contains(c.res.Labels, code) {
		c.res.Labels = append(c.res.Labels, code)
	}
}

// bundleLabels notes in c.labels the categories of a Bundle's own
// meta.security.
func (c *classifier) bundleLabels(b map[string]any) {
	meta, _ := b["meta"].(map[string]any)
	sec, _ := meta["security"].([]any)
	for _, l := range sec {
		if code, ok := labelCategory(l); ok && !slices.Contains(c.labels, code) {
			c.labels = append(c.labels, code)
		}
	}
}

// labelCategory returns the category that x, a security label's Coding,
// names: an HL7 ActCode sensitivity code the vocabulary knows, written
// with that system or with none.
func labelCategory(x any) (string, bool) {
	l, _ := x.(map[string]any)
	code, _ := l["code"].(string)
	system, _ := l["system"].(string)
	cs, ok := vocab.CategorySystem(code)
	return code, ok && cs == codesys.ActCode && (system == "" || codesys.Canonical(system) == cs)
}

// isInlineLabel reports whether item is a DS4P inline security label.
func isInlineLabel(item any) bool {
	m, ok := item.(map[string]any)
	if !ok {
		return false
	}
	url, _ := m["url"].(string)
	return url == InlineLabelURL
}
