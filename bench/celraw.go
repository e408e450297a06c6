package bench

import (
	"context"
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/decls"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
	"go.yaml.in/yaml/v3"

	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// CELRaw is the floor: the policy's conditions compiled by hand with
// cel-go, evaluated on a typed activation, deny rules first, stopping at
// the first match.
type CELRaw struct {
	denies, permits []celRule
	consents        []consent.Consent
	protected       map[string]bool
}

type celRule struct {
	id  string
	prg cel.Program
}

// NewCELRaw compiles the policy's conditions.
func NewCELRaw() (*CELRaw, error) {
	var doc struct {
		Rules []struct{ ID, Effect, When string }
	}
	if err := yaml.Unmarshal(PolicyYAML, &doc); err != nil {
		return nil, err
	}
	c := &CELRaw{consents: Consents(), protected: map[string]bool{}}
	for _, p := range Protected {
		c.protected[string(p)] = true
	}
	str, bl := cel.StringType, cel.BoolType
	env, err := cel.NewEnv(
		cel.Variable("request.patient", str), cel.Variable("request.purpose", str),
		cel.Variable("request.reason", str), cel.Variable("request.recipient.id", str),
		cel.Variable("request.recipient.kind", str),
		cel.Variable("request.attributes", cel.MapType(str, cel.DynType)),
		cel.Variable("category", str), cel.Variable("consent.permits", bl),
		cel.Function("protected", cel.Overload("protected_string", []*cel.Type{str}, bl,
			cel.UnaryBinding(func(v ref.Val) ref.Val { return types.Bool(c.protected[string(v.(types.String))]) })),
			decls.DisableTypeGuards(true)),
		cel.Function("within", cel.Overload("within_string_string", []*cel.Type{str, str}, bl,
			cel.BinaryBinding(func(p, a ref.Val) ref.Val {
				return types.Bool(consent.Purpose(p.(types.String)).Within(consent.Purpose(a.(types.String))))
			})), decls.DisableTypeGuards(true)),
		cel.Function("flag", cel.MemberOverload("map_flag_string", []*cel.Type{cel.MapType(str, cel.DynType), str}, bl,
			cel.BinaryBinding(func(m, k ref.Val) ref.Val {
				v, found := m.(traits.Mapper).Find(k)
				b, ok := v.(types.Bool)
				return types.Bool(found && ok && bool(b))
			})), decls.DisableTypeGuards(true)),
	)
	if err != nil {
		return nil, err
	}
	for _, r := range doc.Rules {
		ast, iss := env.Compile(r.When)
		if iss.Err() != nil {
			return nil, fmt.Errorf("bench: rule %s: %w", r.ID, iss.Err())
		}
		prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
		if err != nil {
			return nil, err
		}
		if r.Effect == "deny" {
			c.denies = append(c.denies, celRule{r.ID, prg})
		} else {
			c.permits = append(c.permits, celRule{r.ID, prg})
		}
	}
	return c, nil
}

// Name returns "cel-go (typed)".
func (*CELRaw) Name() string { return "cel-go (typed)" }

// activation resolves the policy's variables from a request without a map.
type activation struct {
	r        *disclosure.Request
	purpose  ref.Val
	reason   ref.Val
	id, kind ref.Val
	patient  ref.Val
	category ref.Val
	attrs    ref.Val
	permits  ref.Val
}

func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case "request.recipient.kind":
		return a.kind, true
	case "request.purpose":
		return a.purpose, true
	case "category":
		return a.category, true
	case "consent.permits":
		return a.permits, true
	case "request.attributes":
		return a.attrs, true
	case "request.reason":
		return a.reason, true
	case "request.recipient.id":
		return a.id, true
	case "request.patient":
		return a.patient, true
	}
	return nil, false
}

func (a *activation) Parent() interpreter.Activation { return nil }

// Decide decides r's first category.
func (c *CELRaw) Decide(_ context.Context, r *disclosure.Request) (Outcome, error) {
	act := activation{
		r: r, purpose: types.String(r.Purpose), reason: types.String(r.Reason), id: types.String(r.Recipient.ID),
		kind: types.String(r.Recipient.Kind), patient: types.String(r.Patient), category: types.String(r.Categories[0]),
		attrs:   types.NewStringInterfaceMap(types.DefaultTypeAdapter, r.Attributes),
		permits: types.Bool(consentPermits(c.consents, r)),
	}
	for _, d := range c.denies {
		v, _, err := d.prg.Eval(&act)
		if err != nil || v == types.True {
			return Outcome{Rule: d.id}, nil
		}
	}
	for _, p := range c.permits {
		if v, _, err := p.prg.Eval(&act); err == nil && v == types.True {
			return Outcome{Permit: true, Rule: p.id}, nil
		}
	}
	return Outcome{}, nil
}
