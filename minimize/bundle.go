package minimize

import (
	"slices"
	"strings"
)

// EntryReferences returns the references by which the resources of a
// Bundle entry may point at it: its fullUrl, the "Type/id" tail of that
// fullUrl, and "Type/id" of its resource. It reads Go values (pointers,
// Go maps, named string types, json.RawMessage) as [View.Apply] does. Pass those of the entries a host
// removes from a Bundle to [PruneBundle].
func EntryReferences(entry map[string]any) []string {
	var refs []string
	if u, ok := text(entry["fullUrl"]); ok && u != "" {
		refs = append(refs, u)
		if t := referenceTail(u); t != "" && t != u {
			refs = append(refs, t)
		}
	}
	if r, ok := asObject(entry["resource"]); ok {
		t, _ := text(r["resourceType"])
		id, _ := text(r["id"])
		if t != "" && id != "" {
			refs = append(refs, t+"/"+id)
		}
	}
	return refs
}

// referenceTail returns "Type/id" of a reference (relative or absolute,
// "/_history/n" dropped), or "" when it has no such form. The result is a
// part of ref: it does not allocate.
func referenceTail(ref string) string {
	ref = strings.TrimRight(ref, "/")
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	slash := strings.LastIndexByte(ref, '/')
	if slash < 0 {
		return ""
	}
	t, id := ref[strings.LastIndexByte(ref[:slash], '/')+1:slash], ref[slash+1:]
	if !isResourceType(t) || id == "" {
		return ""
	}
	return ref[slash-len(t):]
}

// pagingRelations are the Bundle.link relations that page through a
// search's full result: after entries are removed they would lead to, or
// count, what was withheld.
var pagingRelations = map[string]bool{"next": true, "previous": true, "prev": true, "first": true, "last": true}

// PruneBundle makes a Bundle from which entries were removed say nothing of
// them, in place: call it on a Bundle the caller owns (the result of
// [View.Apply], which calls it itself when entries do not go) after
// removing entries, with the references of the removed entries
// ([EntryReferences]). It
//
//   - removes every Reference (an object with a "reference") that points at
//     a removed entry, by its fullUrl or by "Type/id": an array element goes
//     whole (DiagnosticReport.result[]), an object's field goes
//     (Observation.subject), in every entry, at any depth; an array element
//     that held such a Reference in a field, itself or through objects,
//     goes whole too (Encounter.diagnosis[] whose condition was removed),
//     unless it is a resource (contained[]), and an object left empty goes;
//   - sets total, where present, to the number of entries left whose
//     search.mode is not "include" or "outcome";
//   - removes the paging links (link[] with relation next, previous, prev,
//     first, last), whose URLs would page through, and count, the full
//     result.
//
// A reference matches with or without a trailing slash. A reference by
// identifier alone (a logical reference, {"identifier": {...}}) names no
// entry and cannot be resolved: it is left alone, and a view that must not
// release it leaves out the identifier. PruneBundle walks the JSON-like
// values that [View.Apply] returns, and entries given as a
// []map[string]any; other Go values in a Bundle are read as they are,
// not converted: release a Bundle of Go values through [Full] first.
//
// It returns the patterns of the references removed
// ("entry[].resource.result[]"), and an error wrapping [ErrTooDeep] for a
// Bundle nested deeper than [MaxDepth], or [ErrTooLarge] past [MaxValues]
// values, stopping at the first and having then changed nothing it had not
// already pruned. A nil or non-Bundle record is left alone.
func PruneBundle(bundle map[string]any, removed []string) ([]string, error) {
	if bundle == nil {
		return nil, nil
	}
	gone := make(map[string]bool, len(removed))
	for _, r := range removed {
		if r == "" {
			continue
		}
		gone[r] = true // as written, and without a trailing slash
		if t := strings.TrimRight(r, "/"); t != "" {
			gone[t] = true
		}
	}
	p := pruner{gone: gone, buf: make([]byte, 0, 64)}
	if len(gone) > 0 {
		p.buf = append(p.buf, "entry[]"...)
		// An entry that pruning leaves empty goes: {} would say that
		// something was there.
		switch entries := bundle["entry"].(type) {
		case []any:
			kept := entries[:0]
			for _, e := range entries {
				if em, ok := e.(map[string]any); ok && p.err == nil {
					if p.object(em, 1); len(em) == 0 {
						p.note("")
						continue
					}
				}
				kept = append(kept, e)
			}
			clear(entries[len(kept):])
			setEntries(bundle, kept)
		case []map[string]any:
			kept := entries[:0]
			for _, em := range entries {
				if p.err == nil {
					if p.object(em, 1); len(em) == 0 {
						p.note("")
						continue
					}
				}
				kept = append(kept, em)
			}
			clear(entries[len(kept):])
			setEntries(bundle, kept)
		}
	}
	if _, ok := bundle["total"]; ok {
		bundle["total"] = matches(bundle["entry"])
	}
	if links, ok := bundle["link"].([]any); ok {
		kept := links[:0:0]
		for _, l := range links {
			if lm, ok := l.(map[string]any); ok {
				if rel, _ := lm["relation"].(string); pagingRelations[rel] {
					continue
				}
			}
			kept = append(kept, l)
		}
		if len(kept) == 0 {
			delete(bundle, "link")
		} else {
			bundle["link"] = kept
		}
	}
	return p.patterns, p.err
}

// matches counts a Bundle's entries that are search matches (or that carry
// no search mode).
func matches(entries any) int {
	n := 0
	switch a := entries.(type) {
	case []any:
		for _, e := range a {
			em, _ := e.(map[string]any)
			if isMatch(em) {
				n++
			}
		}
	case []map[string]any:
		for _, em := range a {
			if isMatch(em) {
				n++
			}
		}
	}
	return n
}

// isMatch reports whether a Bundle entry is a search match, or carries no
// search mode.
func isMatch(entry map[string]any) bool {
	s, _ := asObject(entry["search"])
	mode, _ := text(s["mode"])
	return mode != "include" && mode != "outcome"
}

// pruner removes the references to removed entries.
type pruner struct {
	gone     map[string]bool
	buf      []byte // the pattern of the current position
	patterns []string
	visited  int // values visited (see MaxValues)
	err      error
}

// points reports whether x is a Reference to a removed entry.
func (p *pruner) points(x any) bool {
	m, ok := x.(map[string]any)
	if !ok {
		return false
	}
	ref, ok := m["reference"].(string)
	if !ok {
		return false
	}
	return p.gone[ref] || p.gone[strings.TrimRight(ref, "/")] || p.gone[referenceTail(ref)]
}

// note records the pattern of the current position followed by suffix,
// once.
func (p *pruner) note(suffix string) {
	mark := len(p.buf)
	p.buf = append(p.buf, suffix...)
	if !slices.Contains(p.patterns, string(p.buf)) {
		p.patterns = append(p.patterns, string(p.buf))
	}
	p.buf = p.buf[:mark]
}

// fail stops the walk with err at the current position.
func (p *pruner) fail(err error) {
	if p.err == nil {
		p.err = &pathError{path: string(p.buf), err: err}
	}
}

// object removes from m, at any depth, the References to removed entries.
// It stops at the first error, at MaxDepth or past MaxValues values.
func (p *pruner) object(m map[string]any, depth int) (lost bool) {
	if depth >= MaxDepth {
		p.fail(ErrTooDeep)
		return false
	}
	if p.visited += len(m); p.visited > maxValues {
		p.fail(ErrTooLarge)
		return false
	}
	for k, x := range m {
		if p.err != nil {
			return lost
		}
		mark := len(p.buf)
		p.buf = append(p.buf, '.')
		p.buf = append(p.buf, k...)
		switch t := x.(type) {
		case map[string]any:
			if p.points(t) {
				delete(m, k)
				p.note("")
				lost = true
				break
			}
			if p.object(t, depth+1) {
				lost = true
			}
			if len(t) == 0 {
				delete(m, k) // emptied by pruning: the values Apply returns hold no empty object
			}
		case []any:
			if p.visited += len(t); p.visited > maxValues {
				p.fail(ErrTooLarge)
				return lost
			}
			kept := t[:0]
			p.buf = append(p.buf, "[]"...)
			for _, e := range t {
				if p.points(e) {
					p.note("")
					continue
				}
				if em, ok := e.(map[string]any); ok {
					// An element that held a reference to removed data
					// (Encounter.diagnosis[] without its condition) goes
					// whole: what is left of it would say that something
					// was withheld. So does one pruning left empty.
					if lost := p.object(em, depth+1); len(em) == 0 || lost && !isResource(em) {
						p.note("")
						continue
					}
				}
				kept = append(kept, e)
			}
			switch {
			case len(kept) == len(t):
			case len(kept) == 0:
				delete(m, k)
			default:
				clear(t[len(kept):])
				m[k] = kept
			}
		}
		p.buf = p.buf[:mark]
	}
	return lost
}

// setEntries sets a Bundle's entries to kept, or removes them when none is
// left.
func setEntries[E any](bundle map[string]any, kept []E) {
	if len(kept) == 0 {
		delete(bundle, "entry")
		return
	}
	bundle["entry"] = kept
}

// isResource reports whether m is a resource: it names its resourceType.
func isResource(m map[string]any) bool {
	_, ok := m["resourceType"]
	return ok
}
