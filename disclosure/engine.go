package disclosure

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/internal/vocab"
	"github.com/custodianhq/custodian/minimize"
)

// ErrAudit is wrapped by the error of a call whose audit event the sink
// rejected.
var ErrAudit = errors.New("disclosure: audit event not recorded")

// ErrConsents is wrapped by the error of a decision whose consents could not
// be loaded; every category of such a decision is denied.
var ErrConsents = errors.New("disclosure: consents not loaded")

// ErrNoAudit is returned by [New] when no audit sink was given: every
// decision and disclosure must be on record. Pass [WithAudit]; a host that
// deliberately records nothing passes [audit.Discard].
var ErrNoAudit = errors.New("disclosure: an audit sink is required (WithAudit; audit.Discard to record nothing)")

// Engine decides disclosure requests under a policy. It is immutable after
// New and safe for concurrent use when its consent store and audit sink are.
type Engine struct {
	policy    *Policy
	denies    []program // deny rules, in file order
	permits   []program // permit rules, in file order
	views     map[string]*minimize.View
	store     consent.Store
	sink      audit.Sink
	now       func() time.Time
	newID     func() string
	logger    *slog.Logger
	protected []consent.Category
	trace     bool
	kinds     map[string]bool // each nil when the vocabulary leaves the term open
	attrs     map[string]bool
	purposes  map[string]bool
	cats      map[string]bool
	known     map[string]bool // categories the engine can decide: see decide
	interned  map[string]ref.Val
	slots     int // rules whose result is the same for every category
	rel       releaseOptions
	index     *ruleIndex
}

// program is a rule's compiled condition.
type program struct {
	rule    *Rule
	prg     cel.Program
	tracked bool         // the condition iterates: evaluate with a cost limit and the context
	guard   guard        // what a request must satisfy for the condition to hold
	lazy    *lazyProgram // set instead of prg for a shipped condition
	slot    int          // >= 0: the condition reads neither category nor consent, so one
	// result serves every category of a request; its index in the cache
}

// New compiles a policy into an engine: every condition into a program and
// every view into a minimize.View. The work is done once; Decide only
// evaluates.
func New(p *Policy, opts ...Option) (*Engine, error) {
	if p == nil || len(p.rules) == 0 {
		return nil, errors.New("disclosure: New needs a parsed policy")
	}
	cfg := config{now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.sink == nil {
		return nil, ErrNoAudit
	}
	rel, err := cfg.release(p)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		policy: p, store: cfg.store, sink: cfg.sink, now: cfg.now, newID: cfg.newID,
		logger: cfg.logger, trace: cfg.trace, views: map[string]*minimize.View{FullView: minimize.Full()},
	}
	e.rel = rel
	if e.now == nil {
		e.now = time.Now
	}
	if e.newID == nil {
		e.newID = counterIDs()
	}
	switch {
	case cfg.setProt:
		e.protected = append([]consent.Category{}, cfg.protected...)
	case p.protected != nil:
		e.protected = p.protected
	default:
		e.protected = consent.DefaultProtected()
	}
	protected := make(map[string]bool, len(e.protected))
	for _, c := range e.protected {
		protected[string(c)] = true
	}
	if v := p.vocabulary; v != nil {
		e.kinds, e.attrs, e.purposes, e.cats = set(v.Kinds), set(v.Attributes), set(v.Purposes), set(v.Categories)
	}
	env, err := newEnv(func(s string) bool { return protected[s] })
	if err != nil {
		return nil, fmt.Errorf("disclosure: rule environment: %w", err)
	}
	for i := range p.rules {
		r := &p.rules[i]
		pr := program{rule: r, tracked: r.cost > costTracked, slot: -1, guard: r.guard}
		if r.reads&(readsCategory|readsConsent) == 0 {
			pr.slot = e.slots
			e.slots++
		}
		popts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
		if pr.tracked {
			popts = append(popts, cel.CostLimit(runtimeCostLimit), cel.InterruptCheckFrequency(interruptEvery))
		}
		if p.asts[i] == nil {
			pr.lazy = &lazyProgram{pb: p.shipped[i], env: env, opts: popts}
		} else if pr.prg, err = env.Program(p.asts[i], popts...); err != nil {
			return nil, &PolicyError{Rule: r.ID, Field: "when", Line: r.Line, Err: err}
		}
		if r.Effect == consent.Permit {
			e.permits = append(e.permits, pr)
		} else {
			e.denies = append(e.denies, pr)
		}
	}
	for name, spec := range p.views {
		v, err := minimize.Compile(spec, cfg.viewOpts...)
		if err != nil {
			return nil, &PolicyError{Field: "views." + name, Err: err}
		}
		e.views[name] = v
	}
	e.index = newRuleIndex(e.denies, e.permits)
	e.interned = intern(p, e.protected)
	e.known = knownCategories(p, e.protected)
	return e, nil
}

// Policy returns the engine's policy.
func (e *Engine) Policy() *Policy { return e.policy }

// view returns the compiled view of the given name.
func (e *Engine) view(name string) *minimize.View { return e.views[name] }

func set(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// intern returns CEL values for the codes requests usually carry, so that
// reading them in a condition allocates nothing.
func intern(p *Policy, protected []consent.Category) map[string]ref.Val {
	m := map[string]ref.Val{"": types.String("")}
	add := func(s string) {
		if _, ok := m[s]; !ok {
			m[s] = types.String(s)
		}
	}
	for _, s := range wellKnown {
		add(s)
	}
	for _, c := range protected {
		add(string(c))
	}
	if v := p.vocabulary; v != nil {
		for _, k := range v.Kinds {
			add(k)
		}
	}
	return m
}

// knownCategories returns the categories a request may name: the module's
// vocabulary, the protected set and the policy's own vocabulary. Codes are
// compared exactly ("hiv" is not "HIV").
func knownCategories(p *Policy, protected []consent.Category) map[string]bool {
	m := map[string]bool{}
	for _, t := range vocab.Categories {
		m[t.Code] = true
	}
	for _, c := range protected {
		m[string(c)] = true
	}
	if v := p.vocabulary; v != nil {
		for _, c := range v.Categories {
			m[c] = true
		}
	}
	return m
}

// wellKnown are the purposes, categories and party kinds of the module's
// vocabulary.
var wellKnown = func() []string {
	var out []string
	for _, t := range vocab.Purposes {
		out = append(out, t.Code)
	}
	for _, t := range vocab.Categories {
		out = append(out, t.Code)
	}
	return append(out, vocab.Kinds...)
}()

// counterIDs returns the default decision ID generator: a random prefix
// drawn once and a counter, 16 hex digits each.
func counterIDs() func() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	prefix := hex.EncodeToString(b[:])
	var n atomic.Uint64
	return func() string {
		var num [16]byte
		c := strconv.AppendUint(num[:0], n.Add(1), 16)
		var buf [32]byte
		out := append(buf[:0], prefix...)
		for range 16 - len(c) {
			out = append(out, '0')
		}
		return string(append(out, c...))
	}
}
