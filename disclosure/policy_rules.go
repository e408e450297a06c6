package disclosure

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common"
	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/consent"
)

func (ps *parser) rules(root, n *yaml.Node) {
	if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		at := n
		if at == nil {
			at = root
		}
		ps.errorf(at, "", "rules", "a policy needs a non-empty list of rules")
		return
	}
	seen := map[string]bool{}
	if ps.base != nil {
		for _, r := range ps.base.rules {
			seen[r.ID] = true
		}
	}
	for i, rn := range n.Content {
		where := fmt.Sprintf("rules[%d]", i)
		f := ps.fields(rn, "", where, "id", "description", "effect", "when", "basis", "view", "obligations")
		if f == nil {
			continue
		}
		r := Rule{Line: rn.Line, ID: ps.str(f["id"], "", where+".id")}
		id := r.ID
		switch {
		case f["id"] == nil:
			ps.errorf(rn, "", where+".id", "a rule needs an id")
			id = where
		case !ruleID.MatchString(r.ID) || r.ID == VocabularyRule || r.ID == ConsentValidation:
			ps.errorf(f["id"], r.ID, "id", "an id is lower case letters, digits, '.', '_' and '-', starts with a letter or digit, and is neither %q nor %q", VocabularyRule, ConsentValidation)
		case seen[r.ID]:
			ps.errorf(f["id"], r.ID, "id", "duplicate rule id (here or in the policy this file extends)")
		}
		seen[r.ID] = true
		r.Description = ps.str(f["description"], id, "description")
		switch e := ps.str(f["effect"], id, "effect"); e {
		case "permit":
			r.Effect = consent.Permit
		case "deny":
			r.Effect = consent.Deny
		default:
			at := f["effect"]
			if at == nil {
				at = rn
			}
			ps.errorf(at, id, "effect", "want permit or deny, got %q", e)
		}
		r.When = ps.str(f["when"], id, "when")
		if strings.TrimSpace(r.When) == "" {
			ps.errorf(orNode(f["when"], rn), id, "when", "a rule needs a condition")
		}
		r.Basis = ps.str(f["basis"], id, "basis")
		r.View = ps.str(f["view"], id, "view")
		r.Obligations = ps.strs(f["obligations"], id, "obligations")
		ps.lintObligations(f["obligations"], id, r.Obligations)
		if r.Effect == consent.Permit {
			if r.Basis == "" {
				ps.errorf(orNode(f["basis"], rn), id, "basis", "a permit rule must state its legal basis")
			}
			if r.View == "" {
				ps.errorf(orNode(f["view"], rn), id, "view", "a permit rule must name a view (%q releases the record whole)", FullView)
			} else if _, ok := ps.p.views[r.View]; !ok && r.View != FullView {
				ps.errorf(f["view"], id, "view", "unknown view %q", r.View)
			}
		} else if r.View != "" {
			ps.errorf(f["view"], id, "view", "a deny rule releases nothing and names no view")
		}
		ps.p.rules = append(ps.p.rules, r)
		ps.nodes = append(ps.nodes, orNode(f["when"], rn))
	}
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

// conditions parses and checks every rule's condition in env.
func (ps *parser) conditions(env *cel.Env) {
	p := ps.p
	p.asts = make([]*cel.Ast, len(p.rules))
	for i := range p.rules {
		r := &p.rules[i]
		ast, iss := env.Compile(r.When)
		if iss.Err() != nil {
			ps.celError(ps.nodes[i], r.ID, iss.Errors())
			continue
		}
		if !ast.OutputType().IsExactType(cel.BoolType) {
			ps.errorf(ps.nodes[i], r.ID, "when", "the condition is of type %s; it must be bool (compare dynamic attributes explicitly, or use request.attributes.flag(name))", ast.OutputType())
			continue
		}
		est, err := env.EstimateCost(ast, estimator{})
		if err != nil {
			ps.errorf(ps.nodes[i], r.ID, "when", "cannot estimate the cost: %w", err)
			continue
		}
		if est.Max > maxEstimatedCost {
			ps.errorf(ps.nodes[i], r.ID, "when", "the estimated cost %d exceeds the limit %d", est.Max, maxEstimatedCost)
			continue
		}
		r.reads = readsOf(ast)
		r.cost = est.Max
		r.guard = guardOf(ast)
		p.asts[i] = ast
		ps.lintCondition(ps.nodes[i], r.ID, ast)
	}
}

// celError reports CEL issues at their position in the file.
func (ps *parser) celError(n *yaml.Node, rule string, issues []*common.Error) {
	for _, is := range issues {
		line, col := ps.position(n, is.Location)
		ps.errs = append(ps.errs, &PolicyError{Rule: rule, Field: "when", Line: line, Column: col, Err: fmt.Errorf("%s", is.Message)})
	}
}

// position maps a location within a condition to the file: the line of
// the condition plus the line within it; in a block scalar, the column
// after the line's indentation.
func (ps *parser) position(n *yaml.Node, loc common.Location) (line, col int) {
	line, col = n.Line, n.Column
	block := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	switch {
	case block:
		line += loc.Line()
		col = n.Column + 2 + loc.Column()
		if line-1 < len(ps.lines) {
			l := ps.lines[line-1]
			col = len(l) - len(strings.TrimLeft(l, " ")) + 1 + loc.Column()
		}
	case loc.Line() > 1:
		line += loc.Line() - 1
		col = loc.Column() + 1
	default:
		col += loc.Column()
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			col++
		}
	}
	return line, col
}

// reads is the set of rule variables a condition refers to.
type reads uint16

const (
	readsCategory reads = 1 << iota
	readsPermits
	readsDenies
	readsOptedIn
	readsScoped
	readsConsentID

	readsConsent = readsPermits | readsDenies | readsOptedIn | readsScoped | readsConsentID
)

// readsOf returns the variables a checked condition refers to, from the
// checker's reference map: whatever the spacing, parentheses or comments
// of the text, `consent .permits` is a reference to consent.permits, and a
// string literal "consent.permits" is none.
func readsOf(ast *cel.Ast) reads {
	var r reads
	for _, ref := range ast.NativeRep().ReferenceMap() {
		switch ref.Name {
		case varCategory:
			r |= readsCategory
		case varConsentPermits:
			r |= readsPermits
		case varConsentDenies:
			r |= readsDenies
		case varConsentOptedIn:
			r |= readsOptedIn
		case varConsentScoped:
			r |= readsScoped
		case varConsentID:
			r |= readsConsentID
		}
	}
	return r
}
