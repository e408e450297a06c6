package disclosure

import (
	"fmt"
	"slices"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/internal/vocab"
)

// A policy is linted when it is parsed, so that what can never match is
// refused rather than silently never matching: an obligation nobody
// declared (`acount`), a recipient kind, purpose or category that is no
// known code (`"provder"`, `within(request.purpose, "TREATMENT")`,
// `protected: [HIVV]`). What is known: the module's shared vocabulary
// (internal/vocab), the policy's own vocabulary, and for a layer that of
// the policy it extends. Comparison is exact.

// knows reports whether the policy (or the one it extends) lists s in the
// vocabulary list that get returns.
func (ps *parser) knows(s string, get func(*Vocabulary) []string) bool {
	for _, p := range []*Policy{ps.p, ps.base} {
		if p != nil && p.vocabulary != nil && slices.Contains(get(p.vocabulary), s) {
			return true
		}
	}
	return false
}

func (ps *parser) knownKind(s string) bool {
	return slices.Contains(vocab.Kinds, s) || ps.knows(s, func(v *Vocabulary) []string { return v.Kinds })
}

func (ps *parser) knownPurpose(s string) bool {
	return vocab.IsPurpose(s) || ps.knows(s, func(v *Vocabulary) []string { return v.Purposes })
}

func (ps *parser) knownCategory(s string) bool {
	return vocab.IsCategory(s) || ps.knows(s, func(v *Vocabulary) []string { return v.Categories })
}

// lintObligations refuses an obligation that is not declared.
func (ps *parser) lintObligations(n *yaml.Node, rule string, obligations []string) {
	for i, o := range obligations {
		if o == "" || slices.Contains(vocab.Obligations, o) || ps.knows(o, func(v *Vocabulary) []string { return v.Obligations }) {
			continue
		}
		at := n
		if n != nil && i < len(n.Content) {
			at = n.Content[i]
		}
		ps.errorf(at, rule, fmt.Sprintf("obligations[%d]", i), "unknown obligation %q (declared: %v and vocabulary.obligations)", o, vocab.Obligations)
	}
}

// lintProtected refuses a protected code that is not known.
func (ps *parser) lintProtected(n *yaml.Node) {
	if n == nil || n.Kind != yaml.SequenceNode {
		return
	}
	for i, c := range n.Content {
		if c.Kind == yaml.ScalarNode && c.Value != "" && !ps.knownCategory(c.Value) {
			ps.errorf(c, "", fmt.Sprintf("protected[%d]", i), "unknown category %q: not a known code and not in vocabulary.categories", c.Value)
		}
	}
}

// lintCondition refuses a string literal compared with a recipient kind,
// a purpose or a category that is not a known code.
func (ps *parser) lintCondition(n *yaml.Node, rule string, ast *cel.Ast) {
	native := ast.NativeRep()
	refs := native.ReferenceMap()
	info := native.SourceInfo()
	check := func(variable string, lit celast.Expr) {
		s, ok := stringLiteral(lit)
		if !ok {
			return
		}
		var known bool
		var what string
		switch variable {
		case varRecipientKind, varRequesterKind:
			known, what = ps.knownKind(s), "recipient or requester kind"
		case varPurpose:
			known, what = ps.knownPurpose(s), "purpose"
		case varCategory:
			known, what = ps.knownCategory(s), "category"
		default:
			return
		}
		if !known {
			line, col := ps.position(n, info.GetStartLocation(lit.ID()))
			ps.errs = append(ps.errs, &PolicyError{Rule: rule, Field: "when", Line: line, Column: col,
				Err: fmt.Errorf("%s %q is not a known code and not in the policy's vocabulary; the condition could never match it", what, s)})
		}
	}
	variableOf := func(e celast.Expr) string {
		if r, ok := refs[e.ID()]; ok && r.Value == nil {
			return r.Name
		}
		return ""
	}
	walk(native.Expr(), func(e celast.Expr) {
		if e.Kind() != celast.CallKind {
			return
		}
		call := e.AsCall()
		args := call.Args()
		switch call.FunctionName() {
		case operators.Equals, operators.NotEquals:
			if len(args) == 2 {
				check(variableOf(args[0]), args[1])
				check(variableOf(args[1]), args[0])
			}
		case operators.In:
			if len(args) == 2 && args[1].Kind() == celast.ListKind {
				v := variableOf(args[0])
				for _, el := range args[1].AsList().Elements() {
					check(v, el)
				}
			}
		case "within":
			if len(args) == 2 {
				check(varPurpose, args[1])
			}
		}
	})
}

func stringLiteral(e celast.Expr) (string, bool) {
	if e.Kind() != celast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

// walk calls fn on e and every expression under it.
func walk(e celast.Expr, fn func(celast.Expr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e.Kind() {
	case celast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() {
			walk(c.Target(), fn)
		}
		for _, a := range c.Args() {
			walk(a, fn)
		}
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			walk(el, fn)
		}
	case celast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			walk(me.Key(), fn)
			walk(me.Value(), fn)
		}
	case celast.SelectKind:
		walk(e.AsSelect().Operand(), fn)
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		walk(c.IterRange(), fn)
		walk(c.AccuInit(), fn)
		walk(c.LoopCondition(), fn)
		walk(c.LoopStep(), fn)
		walk(c.Result(), fn)
	case celast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			walk(f.AsStructField().Value(), fn)
		}
	}
}
