package disclosure

import (
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/minimize"
)

// parser walks the YAML tree of a policy file, collecting every problem
// with its position.
type parser struct {
	p     *Policy
	base  *Policy // the policy this file extends, or nil
	errs  []error
	nodes []*yaml.Node // the `when` node of each rule, for positions
	lines []string     // the file's lines, for positions in block scalars
}

func (ps *parser) errorf(n *yaml.Node, rule, field, format string, args ...any) {
	e := &PolicyError{Rule: rule, Field: field, Err: fmt.Errorf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	ps.errs = append(ps.errs, e)
}

func (ps *parser) failed() bool { return len(ps.errs) > 0 }
func (ps *parser) err() error   { return errors.Join(ps.errs...) }

// fields iterates over a mapping's keys and values, reporting keys that are
// not in known, duplicated or not scalars.
func (ps *parser) fields(n *yaml.Node, rule, where string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		ps.errorf(n, rule, where, "want a mapping, got %s", kind(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := join(where, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			ps.errorf(k, rule, where, "keys must be strings")
		case !contains(known, k.Value):
			ps.errorf(k, rule, name, "unknown field (known: %s)", strings.Join(known, ", "))
		case out[k.Value] != nil:
			ps.errorf(k, rule, name, "given twice")
		default:
			out[k.Value] = v
		}
	}
	return out
}

func (ps *parser) str(n *yaml.Node, rule, field string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		ps.errorf(n, rule, field, "want a string, got %s", kind(n))
		return ""
	}
	return n.Value
}

func (ps *parser) strs(n *yaml.Node, rule, field string) []string {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		ps.errorf(n, rule, field, "want a list of strings, got %s", kind(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, c := range n.Content {
		s := ps.str(c, rule, fmt.Sprintf("%s[%d]", field, i))
		if s == "" && c.Kind == yaml.ScalarNode {
			ps.errorf(c, rule, fmt.Sprintf("%s[%d]", field, i), "empty string")
		}
		out = append(out, s)
	}
	return out
}

func (ps *parser) document(root *yaml.Node) {
	f := ps.fields(root, "", "", "policy", "language", "version", "description", "protected", "vocabulary", "rules", "views")
	if f == nil {
		return
	}
	p := ps.p
	ps.language(f["language"])
	if p.name = ps.str(f["policy"], "", "policy"); p.name == "" && f["policy"] == nil {
		ps.errorf(root, "", "policy", "the policy's name is required")
	}
	p.version = ps.str(f["version"], "", "version")
	p.description = ps.str(f["description"], "", "description")
	if n := f["protected"]; n != nil {
		p.protected = []consent.Category{}
		for _, c := range ps.strs(n, "", "protected") {
			p.protected = append(p.protected, consent.Category(c))
		}
	}
	if n := f["vocabulary"]; n != nil {
		v := ps.fields(n, "", "vocabulary", "kinds", "attributes", "purposes", "categories", "obligations")
		p.vocabulary = &Vocabulary{
			Kinds:       ps.strs(v["kinds"], "", "vocabulary.kinds"),
			Attributes:  ps.strs(v["attributes"], "", "vocabulary.attributes"),
			Purposes:    ps.strs(v["purposes"], "", "vocabulary.purposes"),
			Categories:  ps.strs(v["categories"], "", "vocabulary.categories"),
			Obligations: ps.strs(v["obligations"], "", "vocabulary.obligations"),
		}
	}
	ps.lintProtected(f["protected"])
	ps.views(f["views"])
	ps.rules(root, f["rules"])
}

func (ps *parser) views(n *yaml.Node) {
	ps.p.views = map[string]minimize.Spec{}
	if ps.base != nil {
		for name, spec := range ps.base.views {
			ps.p.views[name] = spec
		}
	}
	if n == nil {
		return
	}
	if n.Kind != yaml.MappingNode {
		ps.errorf(n, "", "views", "want a mapping of view names to views, got %s", kind(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		field := "views." + name
		if name == FullView {
			ps.errorf(k, "", field, "%q is built in and cannot be redefined", FullView)
			continue
		}
		if !ruleID.MatchString(name) {
			ps.errorf(k, "", field, "a view name is lower case letters, digits, '.', '_' and '-'")
			continue
		}
		if _, dup := ps.p.views[name]; dup {
			ps.errorf(k, "", field, "view defined twice (or by the policy this file extends)")
			continue
		}
		f := ps.fields(v, "", field, "keep", "transform", "labels", "safe-harbor")
		spec := minimize.Spec{Keep: ps.strs(f["keep"], "", field+".keep"), Labels: ps.str(f["labels"], "", field+".labels")}
		if sh := f["safe-harbor"]; sh != nil {
			switch ps.str(sh, "", field+".safe-harbor") {
			case "true":
				spec.SafeHarbor = true
			case "false":
			default:
				ps.errorf(sh, "", field+".safe-harbor", "want true or false")
			}
		}
		if t := f["transform"]; t != nil {
			spec.Transform = map[string]string{}
			for path, tn := range ps.fields(t, "", field+".transform", anyKey) {
				spec.Transform[path] = ps.str(tn, "", field+".transform."+path)
			}
		}
		if err := checkView(spec); err != nil {
			ps.errorf(v, "", field, "%w", err)
		}
		ps.p.views[name] = spec
	}
}

// checkView checks a view's paths and their combination. Transform names
// are resolved by New, with the host's view options (its hash key and
// transforms), so here every transform stands in as "mask".
func checkView(spec minimize.Spec) error {
	probe := spec
	probe.Transform = make(map[string]string, len(spec.Transform))
	for path, name := range spec.Transform {
		if name == "" {
			return fmt.Errorf("minimize: path %q: the transform name is empty", path)
		}
		probe.Transform[path] = "mask"
	}
	_, err := minimize.Compile(probe)
	return err
}

// anyKey makes fields accept every key.
const anyKey = "\x00any"

func contains(known []string, s string) bool {
	for _, k := range known {
		if k == s || k == anyKey {
			return true
		}
	}
	return false
}

func join(where, k string) string {
	if where == "" {
		return k
	}
	return where + "." + k
}

func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an alias"
}
