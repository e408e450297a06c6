package label

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/custodianhq/custodian/internal/codesys"
)

// MaxDepth is how deeply a record may nest objects and arrays, Bundle
// entries included. A deeper record is refused with [ErrInvalidRecord]:
// its codes could not all be read.
const MaxDepth = 64

// InlineLabelURL is the DS4P extension that labels one element of a
// resource (FHIR Data Segmentation for Privacy IG 1.0.0).
const InlineLabelURL = codesys.InlineLabel

// textConcepts are the CodeableConcept elements whose meaning decides a
// resource's sensitivity: written as text only, they leave it unchecked.
var textConcepts = map[string]bool{
	"code": true, "valueCodeableConcept": true, "medicationCodeableConcept": true,
	"reasonCode": true, "conclusionCode": true, "vaccineCode": true,
}

// codingKeys are the elements a FHIR Coding may hold.
var codingKeys = map[string]bool{
	"system": true, "version": true, "code": true, "display": true,
	"userSelected": true, "id": true, "extension": true,
}

// Classify reads the codes of a FHIR R4 resource or Bundle, as
// encoding/json decodes it into map[string]any, and reports which
// sensitivity categories each resource holds. Every Coding at any depth is
// read (code, category, valueCodeableConcept, component[].code,
// reasonCode, contained resources, extensions, ...) except the resource's
// meta (its existing labels) and DS4P inline labels. Free text is not read.
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
	return Report{Resources: c.results}, nil
}

// classifier holds the state of one Classify call.
type classifier struct {
	l         *Labeler
	results   []Result
	labelling bool             // resources is kept, for LabelInPlace
	resources []map[string]any // the resource of each result, when labelling
	segs      []seg            // the path from the record to the current value
	keys      []string         // scratch: sorted keys of the maps being walked
	res       *Result
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
	if isCoding(m) {
		c.coding(m, base)
		return nil
	}
	if isCodelessCoding(m) {
		// A Coding that names its system but carries no code cannot be
		// checked: the resource is not normal.
		system, _ := m["system"].(string)
		c.res.Unchecked = append(c.res.Unchecked, Unchecked{Path: c.relPath(base), System: system, Reason: "no code"})
		return nil
	}
	if textConcepts[key] && isTextOnly(m) {
		c.res.Unchecked = append(c.res.Unchecked, Unchecked{Path: c.relPath(base), Reason: "text only"})
		return nil
	}
	_, isResource := m["resourceType"].(string)
	walked := func(k string, v any) bool { return !isScalar(v) && !(isResource && k == "meta") }
	// Only members that can hold a Coding are walked, in key order so that
	// findings come in the same order every time. Most objects have one
	// such member, which needs no sorting.
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
		for i, item := range v {
			if key == "extension" && isInlineLabel(item) {
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

// coding checks one Coding against the value sets of its system.
func (c *classifier) coding(m map[string]any, base int) {
	code := m["code"].(string)
	system, _ := m["system"].(string)
	if system == "" {
		c.res.Unchecked = append(c.res.Unchecked, Unchecked{Path: c.relPath(base), Reason: "no system"})
		return
	}
	canonical := codesys.Canonical(system)
	if c.l.systems[canonical] == nil && c.l.isNeutral(canonical) {
		return // a value set for a system makes it checked, even one neutral by default
	}
	p := ""
	covered := c.l.match(canonical, code, func(set int) {
		if p == "" {
			p = c.relPath(base)
		}
		s := &c.l.sets[set]
		for _, cat := range s.categories {
			c.res.Findings = append(c.res.Findings, Finding{Category: cat, System: canonical, Code: code, ValueSet: s.id, Path: p})
		}
	})
	if !covered {
		c.res.Unchecked = append(c.res.Unchecked, Unchecked{Path: c.relPath(base), System: system, Reason: "system not covered"})
		return
	}
	c.res.Checked++
}

// isCoding reports whether m is a FHIR Coding: a string code, and no
// element a Coding does not have (a Quantity has a value; backbone
// elements have more).
func isCoding(m map[string]any) bool {
	if _, ok := m["code"].(string); !ok {
		return false
	}
	for k := range m {
		if !codingKeys[k] {
			return false
		}
	}
	return true
}

// isCodelessCoding reports whether m has the shape of a Coding, with a
// system, but no code. (A Reference with only a display is not one, nor
// an Identifier or a ContactPoint, which have a value.)
func isCodelessCoding(m map[string]any) bool {
	if _, ok := m["code"]; ok {
		return false
	}
	if _, ok := m["system"].(string); !ok {
		return false
	}
	for k := range m {
		if !codingKeys[k] {
			return false
		}
	}
	return true
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

// isInlineLabel reports whether item is a DS4P inline security label.
func isInlineLabel(item any) bool {
	m, ok := item.(map[string]any)
	if !ok {
		return false
	}
	url, _ := m["url"].(string)
	return url == InlineLabelURL
}
