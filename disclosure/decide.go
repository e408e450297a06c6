package disclosure

import (
	"context"
	"errors"
	"fmt"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
)

// Decide decides a request per category and emits one decision event.
//
// It validates the request (Patient, Requester.ID, Recipient.ID, Recipient.Kind, Purpose
// and at least one category are required; an error wrapping
// ErrInvalidRequest names each missing field), loads the patient's consents
// once, and for each category evaluates the consents and then the rules:
// the first deny rule that matches or fails denies; otherwise the first
// permit rule that matches permits; otherwise the category is denied.
//
// Decide fails closed. When the consents cannot be loaded, the context is
// cancelled, or a host callback panics, it returns a decision that denies
// every category together with the error. When the audit sink rejects the
// event, it returns an error wrapping ErrAudit and a decision that denies
// every category: a decision not on record allows nothing (decide again).
// Whenever the error is not nil, the decision allows nothing.
func (e *Engine) Decide(ctx context.Context, r Request) (Decision, error) {
	d, err := e.decide(ctx, &r)
	if d.ID == "" {
		return d, err
	}
	if aerr := e.record(ctx, &d, audit.TypeDecision, nil); aerr != nil {
		d.denyAll()
		return d, errors.Join(err, aerr)
	}
	return d, err
}

// decide is Decide without the audit event. A returned decision without an
// ID was not made (the request was invalid or the context done).
func (e *Engine) decide(ctx context.Context, r *Request) (d Decision, err error) {
	if err := ctx.Err(); err != nil {
		return Decision{}, fmt.Errorf("disclosure: %w", err)
	}
	if err := r.validate(); err != nil {
		return Decision{}, err
	}
	if err := r.checkLimits(); err != nil {
		return Decision{}, err
	}
	d = Decision{Request: *r, Time: r.Time, Outcomes: make([]Outcome, len(r.Categories))}
	for i, c := range r.Categories {
		d.Outcomes[i].Category = c
	}
	defer func() {
		if p := recover(); p != nil {
			d.denyAll()
			err = fmt.Errorf("disclosure: decision %s failed closed: %v", d.ID, p)
		}
	}()
	d.ID = e.newID()
	if d.Time.IsZero() {
		d.Time = e.now()
	}
	var consents []consent.Consent
	if e.store != nil {
		if consents, err = e.store.ForPatient(ctx, r.Patient); err != nil {
			d.denyAll()
			return d, fmt.Errorf("%w: decision %s: %w", ErrConsents, d.ID, err)
		}
	}
	if rule, why := e.vocabulary(r); rule != "" {
		for i := range d.Outcomes {
			d.Outcomes[i].Rule = rule
			d.Trace = append(d.Trace, Step{Category: r.Categories[i], Rule: rule, Result: Failed, Err: why})
		}
		return d, nil
	}

	act := activations.Get().(*activation)
	defer act.release()
	act.reset(e.interned, r, d.Time, e.slots)
	cand := e.index.lookup(r, e.trace)
	q := consent.Query{Recipient: r.Recipient.ID, Purpose: r.Purpose, At: d.Time, Protected: e.protected}
	for i, c := range r.Categories {
		if err := ctx.Err(); err != nil {
			d.denyAll()
			return d, fmt.Errorf("disclosure: decision %s: %w", d.ID, err)
		}
		if e.cats != nil && !e.cats[string(c)] {
			d.Outcomes[i].Rule = VocabularyRule
			d.Trace = append(d.Trace, Step{Category: c, Rule: VocabularyRule, Result: Failed, Err: "the category is not in the policy's vocabulary"})
			continue
		}
		if !e.known[string(c)] {
			// A code nobody declared cannot be told from a misspelled
			// protected one ("hiv"): no general rule may permit it.
			d.Outcomes[i].Rule = VocabularyRule
			d.Trace = append(d.Trace, Step{Category: c, Rule: VocabularyRule, Result: Failed, Err: fmt.Sprintf("category %q is neither a known code nor in the policy's vocabulary (codes are compared exactly)", c)})
			continue
		}
		q.Category = c
		as := consent.Assess(consents, q)
		for _, id := range as.Invalid {
			d.Trace = append(d.Trace, invalidStep(consents, id, c))
		}
		act.setCategory(string(c), &as)
		o := &d.Outcomes[i]
		e.decideCategory(ctx, act, cand, &d, o, &as)
		if o.Effect == consent.Permit && (as.Grant.Narrowed || as.Grant.Excludes || as.Directive.Narrowed || as.Directive.Excludes || len(as.Excluding) > 0) {
			o.Scope = scopeOf(consents, q, &as, o.ConsentID)
		}
	}
	return d, nil
}

// ConsentValidation is the Step.Rule of a trace step that records an
// authorization the engine did not rely on because it fails
// consent.Consent.Validate; Step.ConsentID names it and Step.Err says why.
const ConsentValidation = "consent-validation"

// invalidStep records an authorization that would have permitted but is
// not valid. The validation error quotes only the consent's ID.
func invalidStep(cs []consent.Consent, id string, c consent.Category) Step {
	st := Step{Category: c, Rule: ConsentValidation, Effect: consent.Permit, Result: Failed, ConsentID: id}
	for i := range cs {
		if cs[i].ID == id {
			if err := cs[i].Validate(); err != nil {
				st.Err = err.Error()
			}
			break
		}
	}
	return st
}

// cited returns the consent an outcome decided by rule r cites: for a
// permit rule that reads consent.permits, the authorization that granted;
// else for one that reads consent.opted_in, the directive; for a deny rule
// that reads consent.denies, the restriction. Otherwise none: a rule that
// did not read a consent did not rest on it.
func cited(r *Rule, as *consent.Assessment) string {
	if r.Effect == consent.Permit {
		switch {
		case r.reads&readsPermits != 0 && as.Grant.Permits():
			return as.Grant.ConsentID
		case r.reads&readsOptedIn != 0 && as.Directive.Permits():
			return as.Directive.ConsentID
		}
		return ""
	}
	if r.reads&readsDenies != 0 && as.Restriction.Denies() {
		return as.Restriction.ConsentID
	}
	return ""
}

// decideCategory runs the rules for one category: deny rules first, then
// permit rules until the first that matches.
func (e *Engine) decideCategory(ctx context.Context, act *activation, cand *candidates, d *Decision, o *Outcome, as *consent.Assessment) {
	c := string(o.Category)
	for _, i := range cand.denies {
		p := &e.denies[i]
		if !e.trace && !p.guard.admits(act.attrs, c) {
			continue
		}
		res, why := e.eval(ctx, p, act)
		e.step(d, o.Category, p.rule, res, why)
		if res != NotMatched {
			o.decide(p.rule, as)
			return
		}
	}
	for _, i := range cand.permits {
		p := &e.permits[i]
		if !e.trace && !p.guard.admits(act.attrs, c) {
			continue
		}
		res, why := e.eval(ctx, p, act)
		e.step(d, o.Category, p.rule, res, why)
		if res == Matched {
			o.decide(p.rule, as)
			return
		}
	}
}

// eval runs one condition. A condition that does not iterate runs without
// cost tracking (its static estimate bounds it); one that iterates runs
// with the cost limit and stops when ctx is done.
func (e *Engine) eval(ctx context.Context, p *program, act *activation) (Result, string) {
	if p.slot >= 0 {
		if r := act.results[p.slot]; r != 0 {
			return Result(r - 1), ""
		}
	}
	res, why := e.run(ctx, p, act)
	if p.slot >= 0 && res != Failed {
		act.results[p.slot] = uint8(res) + 1
	}
	return res, why
}

// run evaluates a condition.
func (e *Engine) run(ctx context.Context, p *program, act *activation) (Result, string) {
	var (
		out types.Bool
		v   ref.Val
	)
	prg, err := p.program()
	switch {
	case err != nil: // nothing to run: the rule fails, and fails closed
	case p.tracked:
		v, _, err = prg.ContextEval(ctx, act)
	default:
		v, _, err = prg.Eval(act)
	}
	out, _ = v.(types.Bool)
	if err != nil {
		if e.logger != nil {
			e.logger.LogAttrs(ctx, levelWarn, "disclosure: rule condition failed", ruleAttr(p.rule.ID), errAttr(err))
		}
		return Failed, err.Error()
	}
	if out {
		return Matched, ""
	}
	return NotMatched, ""
}

// step records a rule's result in the trace: every step with WithTrace,
// failures always.
func (e *Engine) step(d *Decision, c consent.Category, r *Rule, res Result, why string) {
	if e.trace || res == Failed {
		d.Trace = append(d.Trace, Step{Category: c, Rule: r.ID, Effect: r.Effect, Result: res, Err: why})
	}
}

// decide records the deciding rule in the outcome. Obligations are shared
// with the policy, capped so that an append copies.
func (o *Outcome) decide(r *Rule, as *consent.Assessment) {
	o.Effect = r.Effect
	o.Rule = r.ID
	o.Basis = r.Basis
	o.Obligations = r.Obligations[:len(r.Obligations):len(r.Obligations)]
	if r.Effect == consent.Permit {
		o.View = r.View
	}
	o.ConsentID = cited(r, as)
}

func (d *Decision) denyAll() {
	for i := range d.Outcomes {
		c := d.Outcomes[i].Category
		d.Outcomes[i] = Outcome{Category: c}
	}
}

// vocabulary checks the request against the policy's vocabulary and
// returns VocabularyRule and why when it uses a term the policy does not
// know.
func (e *Engine) vocabulary(r *Request) (rule, why string) {
	if e.kinds != nil && !e.kinds[r.Recipient.Kind] {
		return VocabularyRule, fmt.Sprintf("recipient kind %q is not in the policy's vocabulary", r.Recipient.Kind)
	}
	if e.purposes != nil && !e.purposes[string(r.Purpose)] {
		return VocabularyRule, fmt.Sprintf("purpose %q is not in the policy's vocabulary", r.Purpose)
	}
	if e.attrs != nil {
		for k := range r.Attributes {
			if !e.attrs[k] {
				return VocabularyRule, fmt.Sprintf("attribute %q is not in the policy's vocabulary", k)
			}
		}
	}
	return "", ""
}

// checkLimits bounds what a condition can iterate over, so that the cost
// estimated when the policy was parsed bounds the real cost.
func (r *Request) checkLimits() error {
	var errs []error
	long := func(field, s string) {
		if len(s) > maxAttributeBytes {
			errs = append(errs, fmt.Errorf("%w: %s is longer than %d bytes", ErrInvalidRequest, field, maxAttributeBytes))
		}
	}
	long("Patient", r.Patient)
	long("Purpose", string(r.Purpose))
	long("Reason", r.Reason)
	long("CorrelationID", r.CorrelationID)
	long("Requester.ID", r.Requester.ID)
	long("Requester.Name", r.Requester.Name)
	long("Requester.Kind", r.Requester.Kind)
	long("Recipient.ID", r.Recipient.ID)
	long("Recipient.Name", r.Recipient.Name)
	long("Recipient.Kind", r.Recipient.Kind)
	if len(r.Attributes) > maxAttributes {
		errs = append(errs, fmt.Errorf("%w: more than %d attributes", ErrInvalidRequest, maxAttributes))
	}
	for k, v := range r.Attributes {
		if len(k) > maxAttributeBytes {
			errs = append(errs, fmt.Errorf("%w: an attribute name is longer than %d bytes", ErrInvalidRequest, maxAttributeBytes))
		}
		switch v := v.(type) {
		case bool, int, int64, float64, nil:
		case string:
			long("Attributes["+k+"]", v)
		default:
			errs = append(errs, fmt.Errorf("%w: Attributes[%q] is a %T; attributes are booleans, numbers or strings", ErrInvalidRequest, k, v))
		}
	}
	return errors.Join(errs...)
}
