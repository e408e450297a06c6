package disclosure

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/decls"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/custodianhq/custodian/consent"
)

// The variables a rule's condition may read. The request's fields are
// declared one by one with their types, so that the checker rejects a
// misspelled field or a comparison of the wrong type when the policy is
// parsed; only request.attributes, the host's own context, is dynamic.
//
// The consent variables come from consent.Assess, for the request's
// recipient, purpose, category and time over every consent of the patient:
// consent.permits, a valid authorization covers the disclosure (Grant);
// consent.denies, a restriction or opt-out covers it, never an
// authorization's base deny (Restriction); consent.opted_in, a privacy
// directive permits sharing, authorizing no third party (Directive);
// consent.scoped, the authorization that permits is limited to certain
// data; consent.id, the authorization when it permits, else the
// restriction when it denies, else "".
const (
	varPatient        = "request.patient"
	varPurpose        = "request.purpose"
	varReason         = "request.reason"
	varRequesterID    = "request.requester.id"
	varRequesterName  = "request.requester.name"
	varRequesterKind  = "request.requester.kind"
	varRecipientID    = "request.recipient.id"
	varRecipientName  = "request.recipient.name"
	varRecipientKind  = "request.recipient.kind"
	varAttributes     = "request.attributes"
	varCategory       = "category"
	varConsentPermits = "consent.permits"
	varConsentDenies  = "consent.denies"
	varConsentID      = "consent.id"
	varConsentOptedIn = "consent.opted_in"
	varConsentScoped  = "consent.scoped"
	varNow            = "now"
)

// Limits on a condition and on what it may cost.
const (
	maxConditionBytes = 4 << 10 // source text of one condition
	maxParseDepth     = 32      // nesting of the parsed expression
	maxEstimatedCost  = 100_000 // static cost estimate of one condition, at load
	runtimeCostLimit  = 100_000 // enforced when evaluating a condition that iterates
	maxAttributes     = 64      // entries of Request.Attributes
	maxAttributeBytes = 4 << 10 // a string attribute, Reason, and every ID and name
	sizeEstimate      = 4 << 10 // the size the estimator assumes for any string, list or map
	costTracked       = 1 << 10 // estimates above this get a runtime cost limit
	interruptEvery    = 100     // comprehension iterations between checks of the context
)

// newEnv returns the environment conditions are checked and run in.
// protected is the engine's set of specially protected categories; a nil
// set serves to check a policy, whose functions are not called.
func newEnv(protected func(string) bool) (*cel.Env, error) {
	if protected == nil {
		protected = func(string) bool { return false }
	}
	str, bl := cel.StringType, cel.BoolType
	return cel.NewEnv(
		cel.Variable(varPatient, str),
		cel.Variable(varPurpose, str),
		cel.Variable(varReason, str),
		cel.Variable(varRequesterID, str),
		cel.Variable(varRequesterName, str),
		cel.Variable(varRequesterKind, str),
		cel.Variable(varRecipientID, str),
		cel.Variable(varRecipientName, str),
		cel.Variable(varRecipientKind, str),
		cel.Variable(varAttributes, cel.MapType(str, cel.DynType)),
		cel.Variable(varCategory, str),
		cel.Variable(varConsentPermits, bl),
		cel.Variable(varConsentDenies, bl),
		cel.Variable(varConsentID, str),
		cel.Variable(varConsentOptedIn, bl),
		cel.Variable(varConsentScoped, bl),
		cel.Variable(varNow, cel.TimestampType),

		cel.Function("protected",
			cel.Overload("protected_string", []*cel.Type{str}, bl,
				cel.UnaryBinding(func(v ref.Val) ref.Val {
					s, ok := v.(types.String)
					return types.Bool(ok && protected(string(s)))
				})),
			decls.DisableTypeGuards(true)),
		cel.Function("within",
			cel.Overload("within_string_string", []*cel.Type{str, str}, bl,
				cel.BinaryBinding(func(p, ancestor ref.Val) ref.Val {
					a, ok1 := p.(types.String)
					b, ok2 := ancestor.(types.String)
					return types.Bool(ok1 && ok2 && consent.Purpose(a).Within(consent.Purpose(b)))
				})),
			decls.DisableTypeGuards(true)),
		cel.Function("flag",
			cel.MemberOverload("map_flag_string", []*cel.Type{cel.MapType(str, cel.DynType), str}, bl,
				cel.BinaryBinding(flag)),
			// flag checks its arguments itself; the runtime guard of a
			// map(string, dyn) argument would visit every key on each call.
			decls.DisableTypeGuards(true)),

		cel.ParserRecursionLimit(maxParseDepth),
		cel.ParserExpressionSizeLimit(maxConditionBytes),
		cel.ASTValidators(
			cel.ValidateDurationLiterals(),
			cel.ValidateTimestampLiterals(),
			cel.ValidateRegexLiterals(),
			cel.ValidateHomogeneousAggregateLiterals(),
		),
		cel.CrossTypeNumericComparisons(true),
	)
}

// flag is request.attributes.flag(name): true only when the attribute is
// present and is the boolean true. An absent attribute, or one of another
// type, is false and never an error, so that a rule can test a flag without
// guarding it.
func flag(m, name ref.Val) ref.Val {
	mapper, ok := m.(traits.Mapper)
	if !ok {
		return types.False
	}
	v, found := mapper.Find(name)
	if !found {
		return types.False
	}
	b, ok := v.(types.Bool)
	return types.Bool(ok && bool(b))
}

// estimator bounds every string, list and map a condition can see by the
// limits Decide enforces on a request (checkLimits), so that the static
// estimate is an upper bound of the real cost — and no larger than it must
// be: a condition that iterates over the attributes is estimated for the
// 64 entries a request may carry, not for an arbitrary map, so that it only
// pays for runtime cost tracking when it can really be expensive.
type estimator struct{}

func (estimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if p := n.Path(); len(p) == 1 && p[0] == varAttributes {
		return &cost.SizeEstimate{Min: 0, Max: maxAttributes}
	}
	return &cost.SizeEstimate{Min: 0, Max: sizeEstimate}
}

func (estimator) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}
