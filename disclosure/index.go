package disclosure

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"

	"github.com/custodianhq/custodian/consent"
)

// A guard is what a rule's condition requires of a request, read from the
// top-level conjunction of its checked AST: equality of the recipient kind
// or the category with literals, the purpose within literal ancestors, and
// attribute flags that must be true. A request that fails a guard cannot
// match the rule, whatever the rest of the condition says — CEL's `false &&
// x` is false even when x fails to evaluate — so the engine skips the rule
// without evaluating it. A rule without guards is always evaluated.
type guard struct {
	kinds      map[string]bool // nil: any recipient kind
	categories map[string]bool // nil: any category
	purposes   []consent.Purpose
	flags      []string
}

// guardOf reads the guards of a checked condition.
func guardOf(a *cel.Ast) guard {
	var g guard
	if a == nil {
		return g
	}
	g.conjunct(ast.NavigateAST(a.NativeRep()))
	return g
}

// conjunct adds the guards of e, a conjunct of the condition.
func (g *guard) conjunct(e ast.NavigableExpr) {
	if e.Kind() != ast.CallKind {
		return
	}
	call := e.AsCall()
	args := call.Args()
	switch call.FunctionName() {
	case operators.LogicalAnd:
		for _, a := range e.Children() {
			g.conjunct(a)
		}
	case operators.Equals:
		if len(args) != 2 {
			return
		}
		if v, s, ok := identEqualsString(args[0], args[1]); ok {
			g.restrict(v, []string{s})
		} else if v, s, ok := identEqualsString(args[1], args[0]); ok {
			g.restrict(v, []string{s})
		}
	case operators.In:
		if len(args) != 2 || args[0].Kind() != ast.IdentKind || args[1].Kind() != ast.ListKind {
			return
		}
		var lits []string
		for _, el := range args[1].AsList().Elements() {
			s, ok := stringLiteral(el)
			if !ok {
				return
			}
			lits = append(lits, s)
		}
		g.restrict(args[0].AsIdent(), lits)
	case "within":
		if len(args) == 2 && args[0].Kind() == ast.IdentKind && args[0].AsIdent() == varPurpose {
			if s, ok := stringLiteral(args[1]); ok {
				g.purposes = append(g.purposes, consent.Purpose(s))
			}
		}
	case "flag":
		if call.IsMemberFunction() && len(args) == 1 && call.Target().Kind() == ast.IdentKind && call.Target().AsIdent() == varAttributes {
			if s, ok := stringLiteral(args[0]); ok {
				g.flags = append(g.flags, s)
			}
		}
	}
}

// restrict narrows the set of values variable v may take to lits.
func (g *guard) restrict(v string, lits []string) {
	var set *map[string]bool
	switch v {
	case varRecipientKind:
		set = &g.kinds
	case varCategory:
		set = &g.categories
	default:
		return
	}
	next := make(map[string]bool, len(lits))
	for _, s := range lits {
		if *set == nil || (*set)[s] {
			next[s] = true
		}
	}
	*set = next
}

func identEqualsString(a, b ast.Expr) (string, string, bool) {
	if a.Kind() != ast.IdentKind {
		return "", "", false
	}
	s, ok := stringLiteral(b)
	return a.AsIdent(), s, ok
}

// admits reports whether a request with attributes attrs may satisfy the
// flag and category guards for category c. The kind and purpose guards are
// applied by the [ruleIndex].
func (g *guard) admits(attrs map[string]any, c string) bool {
	if g.categories != nil && !g.categories[c] {
		return false
	}
	for _, f := range g.flags {
		if b, ok := attrs[f].(bool); !ok || !b {
			return false
		}
	}
	return true
}

// ruleIndex finds, for a recipient kind and a purpose, the rules that may
// match, in file order: the rules that name that kind (or none) and whose
// purpose guards the purpose satisfies. Lists are computed on first use
// and kept, up to maxIndexed pairs; the rest are computed per request.
type ruleIndex struct {
	denies, permits []program
	all             candidates // every rule
	lists           sync.Map   // indexKey -> *candidates
	size            int
	mu              sync.Mutex
}

type indexKey struct{ kind, purpose string }

// candidates are the rules one (kind, purpose) pair may match, as indexes
// into the engine's deny and permit programs.
type candidates struct{ denies, permits []int32 }

// maxIndexed bounds the pairs kept, so that requests with ever new kinds
// or purposes (which the vocabulary would deny anyway) cannot grow memory.
const maxIndexed = 1024

// lookup returns the candidate rules for r's kind and purpose; with all,
// every rule (a traced engine shows every rule's result).
func (ix *ruleIndex) lookup(r *Request, all bool) *candidates {
	if all {
		return &ix.all
	}
	k := indexKey{r.Recipient.Kind, string(r.Purpose)}
	if c, ok := ix.lists.Load(k); ok {
		return c.(*candidates)
	}
	c := ix.build(r.Recipient.Kind, r.Purpose)
	ix.mu.Lock()
	if ix.size < maxIndexed {
		ix.size++
		ix.lists.Store(k, c)
	}
	ix.mu.Unlock()
	return c
}

func (ix *ruleIndex) build(kind string, purpose consent.Purpose) *candidates {
	return &candidates{denies: admitted(ix.denies, kind, purpose), permits: admitted(ix.permits, kind, purpose)}
}

// newRuleIndex indexes the engine's programs.
func newRuleIndex(denies, permits []program) *ruleIndex {
	ix := &ruleIndex{denies: denies, permits: permits}
	for i := range denies {
		ix.all.denies = append(ix.all.denies, int32(i))
	}
	for i := range permits {
		ix.all.permits = append(ix.all.permits, int32(i))
	}
	return ix
}

// admitted returns the indexes of the programs whose kind and purpose
// guards admit kind and purpose.
func admitted(ps []program, kind string, purpose consent.Purpose) []int32 {
	var out []int32
next:
	for i := range ps {
		g := &ps[i].guard
		if g.kinds != nil && !g.kinds[kind] {
			continue
		}
		for _, p := range g.purposes {
			if !purpose.Within(p) {
				continue next
			}
		}
		out = append(out, int32(i))
	}
	return out
}
