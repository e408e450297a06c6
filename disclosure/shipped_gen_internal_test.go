package disclosure

import (
	"bytes"
	"fmt"
	"go/format"
	"slices"
)

// generateShipped writes the Go source of hipaa_shipped.go: the built-in
// policy as parsed from policies/hipaa.yaml, less its conditions' ASTs,
// which come from policies/hipaa.checked.
func generateShipped(p *Policy) ([]byte, error) {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("// Code generated from policies/hipaa.yaml by\n")
	w("// go test ./disclosure -run TestBuiltInPolicy -update. DO NOT EDIT.\n\n")
	w("package disclosure\n\nimport (\n\t\"github.com/custodianhq/custodian/consent\"\n\t\"github.com/custodianhq/custodian/minimize\"\n)\n\n")
	w("// shippedHIPAA returns the built-in policy as policies/hipaa.yaml parses,\n")
	w("// without running the YAML parser; its conditions are attached from\n// policies/hipaa.checked.\n")
	w("func shippedHIPAA() *Policy {\n\treturn &Policy{\n")
	w("\t\tname: %q, version: %q, hash: %q,\n\t\tdescription: %q,\n", p.name, p.version, p.hash, p.description)
	w("\t\tprotected: %#v,\n", p.protected)
	if v := p.vocabulary; v != nil {
		w("\t\tvocabulary: &Vocabulary{Kinds: %#v, Attributes: %#v, Purposes: %#v, Categories: %#v, Obligations: %#v},\n",
			v.Kinds, v.Attributes, v.Purposes, v.Categories, v.Obligations)
	}
	w("\t\trules: []Rule{\n")
	for _, r := range p.rules {
		w("\t\t\t{ID: %q, Description: %q, Effect: %d, When: %q, Basis: %q, View: %q, Obligations: %#v, Line: %d,\n",
			r.ID, r.Description, r.Effect, r.When, r.Basis, r.View, r.Obligations, r.Line)
		w("\t\t\t\treads: %d, cost: %d, guard: guard{kinds: %#v, categories: %#v, purposes: %#v, flags: %#v}},\n",
			r.reads, r.cost, r.guard.kinds, r.guard.categories, r.guard.purposes, r.guard.flags)
	}
	w("\t\t},\n\t\tviews: map[string]minimize.Spec{\n")
	names := make([]string, 0, len(p.views))
	for n := range p.views {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		s := p.views[n]
		w("\t\t\t%q: {Keep: %#v, Transform: %#v, Labels: %q, SafeHarbor: %t},\n", n, s.Keep, s.Transform, s.Labels, s.SafeHarbor)
	}
	w("\t\t},\n\t}\n}\n")
	return format.Source(b.Bytes())
}
