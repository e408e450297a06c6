package label

import (
	"slices"
	"strconv"
	"strings"

	"github.com/custodianhq/custodian/internal/codesys"
	"github.com/custodianhq/custodian/internal/jsonv"
)

// ProcessInlineLabel is the ActCode code that tells a reader of a resource
// that some of its elements carry DS4P inline labels (scanning for them is
// costly, so the resource says so in meta.security).
const ProcessInlineLabel = "PROCESSINLINELABEL"

// Added is one security label that labelling added.
type Added struct {
	Path   string // the element that received it: "entry[2].resource" (meta.security) or "entry[2].resource.component[1]" (inline)
	Code   string // the ActCode code: a category, or ProcessInlineLabel
	Inline bool   // a DS4P inline label (extension) rather than meta.security
}

// Labelled is what [Labeler.Label] and [Labeler.LabelInPlace] did: the
// classification, and the labels added (none for a label already there).
type Labelled struct {
	Report Report
	Added  []Added
}

// Label returns a deep copy of record with DS4P security labels added, and
// never modifies record. See [Labeler.LabelInPlace] for the labels.
func (l *Labeler) Label(record map[string]any) (map[string]any, Labelled, error) {
	if record == nil {
		return nil, Labelled{}, recordErr("", "no resource")
	}
	// Classify accepts objects and arrays up to MaxDepth below the
	// record, whose members lie MaxDepth+1 below; Copy counts the record
	// as level 1, so it copies every record Classify accepts. What it
	// refuses, Classify refuses too by path, unless it lies where
	// Classify does not read (meta).
	c, ok := jsonv.Copy(record, MaxDepth+2, nil)
	if !ok {
		// Classify names where the record is too deep; it reads only.
		if _, err := l.Classify(record); err != nil {
			return nil, Labelled{}, err
		}
		return nil, Labelled{}, recordErr("", "nested deeper than %d", MaxDepth)
	}
	out := c.(map[string]any)
	lab, err := l.LabelInPlace(out)
	if err != nil {
		return nil, Labelled{}, err
	}
	return out, lab, nil
}

// LabelInPlace classifies record and adds security labels to it, modifying
// the caller's map:
//
//   - every category found in a resource is added to its meta.security, as
//     a Coding of system http://terminology.hl7.org/CodeSystem/v3-ActCode
//     (a resource holding a sensitive element is sensitive: the
//     high-water mark);
//   - when the code lies inside one item of a repeating element of the
//     resource that is not itself a concept (one component of an
//     Observation, one section of a Composition, one item of a
//     QuestionnaireResponse, one reaction, one entry of a List), that item
//     also receives a DS4P inline label ([InlineLabelURL], valueCoding),
//     so that the sensitive element can be withheld alone, and the
//     resource's meta.security receives [ProcessInlineLabel]; a contained
//     resource receives the label in its own meta.security.
//
// A Bundle itself gets no label: its resources do, each for what it holds.
// A label already present (same system and code) is not added again; no
// label is ever removed. When a resource's meta, meta.security or an
// item's extension has a shape that cannot take a label, nothing at all is
// modified and a [*RecordError] names it.
func (l *Labeler) LabelInPlace(record map[string]any) (Labelled, error) {
	c := newClassifier(l, true)
	if err := c.record(record); err != nil {
		return Labelled{}, err
	}
	c.followReferences(record)
	rep := Report{Resources: c.results}
	plan, err := planLabels(rep, c.resources)
	if err != nil {
		return Labelled{}, err
	}
	var added []Added
	for _, p := range plan {
		if p.inline {
			if addInline(p.target, p.code) {
				added = append(added, Added{Path: p.path, Code: p.code, Inline: true})
			}
			continue
		}
		if addSecurity(p.target, p.code) {
			added = append(added, Added{Path: p.path, Code: p.code})
		}
	}
	return Labelled{Report: rep, Added: added}, nil
}

// labelStep is one label to add to one object.
type labelStep struct {
	target map[string]any
	path   string
	code   string
	inline bool
}

// planLabels lists the labels to add and checks that every target can take
// its label, so that labelling either completes or changes nothing.
func planLabels(rep Report, resources []map[string]any) ([]labelStep, error) {
	var plan []labelStep
	for i, res := range rep.Resources {
		if len(res.Findings) == 0 {
			continue
		}
		m := resources[i]
		if err := checkSecurity(m, res.Path); err != nil {
			return nil, err
		}
		for _, cat := range res.Categories() {
			plan = append(plan, labelStep{target: m, path: res.Path, code: cat})
		}
		seen := map[string]bool{}
		inline := false
		for _, f := range res.Findings {
			item, itemPath, contained := inlineTarget(m, f.Path)
			if item == nil || seen[itemPath+"\x00"+f.Category] {
				continue
			}
			seen[itemPath+"\x00"+f.Category] = true
			full := joinPath(res.Path, itemPath)
			if contained {
				if err := checkSecurity(item, full); err != nil {
					return nil, err
				}
				plan = append(plan, labelStep{target: item, path: full, code: f.Category})
				continue
			}
			if ext, ok := item["extension"]; ok {
				if _, ok := ext.([]any); !ok {
					return nil, recordErr(full+".extension", "extension is not an array")
				}
			}
			plan = append(plan, labelStep{target: item, path: full, code: f.Category, inline: true})
			inline = true
		}
		if inline {
			plan = append(plan, labelStep{target: m, path: res.Path, code: ProcessInlineLabel})
		}
	}
	return plan, nil
}

// inlineTarget returns the item of a top-level repeating element that a
// finding at rel lies in, when that item is not itself a concept or
// coding; contained is true for a contained resource.
func inlineTarget(resource map[string]any, rel string) (item map[string]any, itemPath string, contained bool) {
	key, idx, ok := firstItem(rel)
	if !ok {
		return nil, "", false
	}
	list, _ := resource[key].([]any)
	if idx >= len(list) {
		return nil, "", false
	}
	m, _ := list[idx].(map[string]any)
	if m == nil || isCoding(m) {
		return nil, "", false
	}
	if _, ok := m["coding"]; ok {
		return nil, "", false // a concept describing the resource as a whole (category, reasonCode)
	}
	return m, key + "[" + strconv.Itoa(idx) + "]", key == "contained"
}

// firstItem parses the leading "key[idx]" of a relative path.
func firstItem(rel string) (key string, idx int, ok bool) {
	i := strings.IndexAny(rel, ".[")
	if i <= 0 || rel[i] != '[' {
		return "", 0, false
	}
	j := strings.IndexByte(rel[i:], ']')
	if j < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(rel[i+1 : i+j])
	if err != nil {
		return "", 0, false
	}
	return rel[:i], n, true
}

// joinPath joins a resource path and a path relative to it.
func joinPath(base, rel string) string {
	if base == "" {
		return rel
	}
	return base + "." + rel
}

// checkSecurity checks that m's meta.security can take a label.
func checkSecurity(m map[string]any, at string) error {
	meta, ok := m["meta"]
	if !ok || meta == nil {
		return nil
	}
	mm, ok := meta.(map[string]any)
	if !ok {
		return recordErr(joinPath(at, "meta"), "meta is not an object")
	}
	if sec, ok := mm["security"]; ok && sec != nil {
		if _, ok := sec.([]any); !ok {
			return recordErr(joinPath(at, "meta.security"), "meta.security is not an array")
		}
	}
	return nil
}

// actCoding is the Coding of a category label.
func actCoding(category string) map[string]any {
	return map[string]any{"system": codesys.ActCode, "code": category}
}

// hasCoding reports whether list holds a Coding of system and code; a
// Coding written with another spelling of the system counts.
func hasCoding(list []any, code string) bool {
	return slices.ContainsFunc(list, func(v any) bool {
		c, ok := v.(map[string]any)
		if !ok {
			return false
		}
		sys, _ := c["system"].(string)
		cc, _ := c["code"].(string)
		return cc == code && codesys.Canonical(sys) == codesys.ActCode
	})
}

// addSecurity adds the category to m's meta.security unless present.
func addSecurity(m map[string]any, category string) bool {
	meta, _ := m["meta"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		m["meta"] = meta
	}
	sec, _ := meta["security"].([]any)
	if hasCoding(sec, category) {
		return false
	}
	meta["security"] = append(sec, actCoding(category))
	return true
}

// addInline adds a DS4P inline label for the category to item unless
// present.
func addInline(item map[string]any, category string) bool {
	ext, _ := item["extension"].([]any)
	for _, e := range ext {
		em, _ := e.(map[string]any)
		if url, _ := em["url"].(string); url != InlineLabelURL {
			continue
		}
		if vc, ok := em["valueCoding"].(map[string]any); ok && hasCoding([]any{vc}, category) {
			return false
		}
	}
	item["extension"] = append(ext, map[string]any{"url": InlineLabelURL, "valueCoding": actCoding(category)})
	return true
}
