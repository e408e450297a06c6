package label

import "strings"

// medicationReferencePath is the path, relative to the referencing
// resource, of what its Medication holds.
const medicationReferencePath = "medicationReference"

// followReferences makes what the Medication a resource's top-level
// medicationReference points at holds count for that resource too: the
// Medication's findings, unchecked codes and checked count are added to
// the resource's result, at path "medicationReference", so that a
// prescription is as sensitive as its drug. A reference to a contained
// resource ("#id") is left alone: the walk read it in place. A reference
// that resolves to no other resource of record makes the resource
// unchecked ("medication not in the record"), and one that resolves to a
// resource with no code ("medication has no code") too: its drug is
// unknown. It runs after a successful walk of record, whose resources are
// c.results in order; for a record with no medicationReference (the walk
// looked each resource's up) it does nothing.
func (c *classifier) followReferences(record map[string]any) {
	if !c.medRefs {
		return
	}
	nodes := appendNodes(record, "", nil)
	if len(nodes) != len(c.results) {
		// The walk and this pass see the same resources; should they
		// not, no resource's medication is taken as known.
		for i := range c.results {
			c.addUnchecked(i, Unchecked{Path: medicationReferencePath, Reason: "medication not in the record"})
		}
		return
	}
	idx := indexNodes(nodes)
	// Each resource inherits what its Medication's own codes say, as the
	// walk found them, not what the Medication inherited in turn.
	type link struct {
		from    int
		targets []int
	}
	var links []link
	for i, n := range nodes {
		v := n.m[medicationReferencePath]
		if v == nil {
			continue
		}
		mr, _ := v.(map[string]any) // another shape names no medication: unresolved
		ref, _ := mr["reference"].(string)
		if strings.HasPrefix(ref, "#") {
			continue // a contained resource, read in place
		}
		links = append(links, link{from: i, targets: idx.resolve(ref, i)})
	}
	own := make([]Result, len(c.results))
	for _, ln := range links {
		for _, t := range ln.targets {
			own[t] = c.results[t]
		}
	}
	for _, ln := range links {
		if len(ln.targets) == 0 {
			c.addUnchecked(ln.from, Unchecked{Path: medicationReferencePath, Reason: "medication not in the record"})
			continue
		}
		for _, t := range ln.targets {
			c.inherit(ln.from, own[t])
		}
	}
}

// inherit adds to result i what the referenced resource's result says.
func (c *classifier) inherit(i int, from Result) {
	r := &c.results[i]
	if len(from.Findings) == 0 && len(from.Unchecked) == 0 && from.Checked == 0 {
		r.Unchecked = append(r.Unchecked, Unchecked{Path: medicationReferencePath, Reason: "medication has no code"})
		return
	}
	for _, f := range from.Findings {
		f.Path = medicationReferencePath
		r.Findings = append(r.Findings, f)
	}
	for _, u := range from.Unchecked {
		u.Path = medicationReferencePath
		r.Unchecked = append(r.Unchecked, u)
	}
	r.Checked += from.Checked
}

// addUnchecked adds u to result i.
func (c *classifier) addUnchecked(i int, u Unchecked) {
	c.results[i].Unchecked = append(c.results[i].Unchecked, u)
}

// node is one resource of a record, in the order of its results.
type node struct {
	m       map[string]any
	fullURL string // the fullUrl of its Bundle entry; "" for the record itself
}

// appendNodes appends the resources of m in the order the walk reports
// them: m itself, or each entry's resource, a nested Bundle's after it.
func appendNodes(m map[string]any, fullURL string, out []node) []node {
	if m["resourceType"] != "Bundle" {
		return append(out, node{m: m, fullURL: fullURL})
	}
	entries, _ := m["entry"].([]any)
	for _, e := range entries {
		em, _ := e.(map[string]any)
		if rm, ok := em["resource"].(map[string]any); ok {
			u, _ := em["fullUrl"].(string)
			out = appendNodes(rm, u, out)
		}
	}
	return out
}

// typeID is a resource's type and id.
type typeID struct{ rt, id string }

// nodeIndex finds the resources of a record by fullUrl and by type and id.
type nodeIndex struct {
	byURL map[string][]int
	byID  map[typeID][]int
}

// indexNodes indexes nodes by their fullUrl, by their type and id, and by
// the type and id that end an absolute fullUrl.
func indexNodes(nodes []node) nodeIndex {
	idx := nodeIndex{byURL: make(map[string][]int, len(nodes)), byID: make(map[typeID][]int, len(nodes))}
	for i, n := range nodes {
		rt, _ := n.m["resourceType"].(string)
		if n.fullURL != "" {
			idx.byURL[n.fullURL] = append(idx.byURL[n.fullURL], i)
		}
		if id, _ := n.m["id"].(string); id != "" {
			idx.byID[typeID{rt, id}] = append(idx.byID[typeID{rt, id}], i)
		}
		if k, ok := tailTypeID(n.fullURL); ok && k.rt == rt {
			if id, _ := n.m["id"].(string); id != k.id {
				idx.byID[k] = append(idx.byID[k], i)
			}
		}
	}
	return idx
}

// resolve returns the resources other than self that ref names: the
// entry whose fullUrl it is, else those whose type and id end it
// ("Medication/m1", "https://ehr.example.org/fhir/Medication/m1",
// "Medication/m1/_history/2").
func (idx nodeIndex) resolve(ref string, self int) []int {
	if ref == "" {
		return nil
	}
	hits := idx.byURL[ref]
	if len(hits) == 0 {
		k, ok := tailTypeID(ref)
		if !ok {
			return nil
		}
		hits = idx.byID[k]
	}
	var out []int
	for _, h := range hits {
		if h != self {
			out = append(out, h)
		}
	}
	return out
}

// tailTypeID parses the "Type/id" that ends a reference or URL, after
// dropping a "/_history/version" suffix. Type starts with an upper-case
// letter, as FHIR resource types do.
func tailTypeID(ref string) (typeID, bool) {
	if i := strings.LastIndex(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	slash := strings.LastIndexByte(ref, '/')
	if slash <= 0 || slash == len(ref)-1 {
		return typeID{}, false
	}
	id := ref[slash+1:]
	rest := ref[:slash]
	rt := rest[strings.LastIndexByte(rest, '/')+1:]
	if rt == "" || rt[0] < 'A' || rt[0] > 'Z' {
		return typeID{}, false
	}
	return typeID{rt, id}, true
}
