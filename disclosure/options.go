package disclosure

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/label"
	"github.com/custodianhq/custodian/minimize"
)

// Option configures an Engine.
type Option func(*config)

type config struct {
	store     consent.Store
	sink      audit.Sink
	now       func() time.Time
	newID     func() string
	logger    *slog.Logger
	protected []consent.Category
	setProt   bool
	trace     bool
	viewOpts  []minimize.Option
	// what Release accepts (see releaseOptions)
	subjectless []string
	deferred    bool
	labeler     *label.Labeler
	labelerSet  bool
	unlabelled  consent.Category
	unchecked   bool
}

// WithConsents makes the engine read the patient's consents from s. By
// default there are no consents on file: consent.permits and consent.denies
// are false for every request.
func WithConsents(s consent.Store) Option { return func(c *config) { c.store = s } }

// WithAudit makes the engine emit an event through s for every decision
// and release. It is required: [New] fails with [ErrNoAudit] without a
// sink. [audit.Discard] is the explicit opt-out.
func WithAudit(s audit.Sink) Option { return func(c *config) { c.sink = s } }

// WithClock sets the clock that dates a request whose Time is zero. The
// default is time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// WithIDGenerator sets the generator of decision IDs, which also names the
// cancellation events (see [Engine.Cancel]); it must be safe for
// concurrent use when the engine is. The default gives IDs that are unique
// across processes with overwhelming probability: a random 64-bit prefix
// drawn at New and a counter.
func WithIDGenerator(f func() string) Option { return func(c *config) { c.newID = f } }

// WithLogger sets the logger for operational problems that do not change a
// decision, such as a rule whose condition failed. The default discards
// them. Log records never carry patient data: they name the decision, the
// rule and the category.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithProtected sets the specially protected categories: a consent covers
// one only when it names it, and the rule function protected(category)
// reports them. It overrides the policy's `protected` list; without either,
// the set is consent.DefaultProtected().
func WithProtected(categories ...consent.Category) Option {
	return func(c *config) { c.protected, c.setProt = categories, true }
}

// WithTrace records every rule evaluated for every category in
// Decision.Trace. Without it the trace holds only the rules whose condition
// failed, and the deciding rule is in each Outcome.
func WithTrace() Option { return func(c *config) { c.trace = true } }

// WithViewOptions passes options to the compilation of the policy's views,
// such as the key of the "hash" transform.
func WithViewOptions(opts ...minimize.Option) Option {
	return func(c *config) { c.viewOpts = append(c.viewOpts, opts...) }
}

// WithSubjectless lets Release release resources that name no patient
// (a Practitioner, an Organization, a Medication in a Bundle of results)
// when every view the decision releases through is one of views. By
// default Release refuses such a resource with [ErrNoSubject]: it cannot
// show that the resource belongs with the request's patient. [New] fails
// if a view is not the policy's or "full".
func WithSubjectless(views ...string) Option {
	return func(c *config) { c.subjectless = append(c.subjectless, views...) }
}

// WithDeferredAudit lets the engine run on a sink whose nil error from Emit
// means only that the event was queued ([audit.IsDeferred]: an
// [audit.AsyncSink], or a Multi holding one). Without it [New] refuses such
// a sink with [ErrDeferredAudit]. With it, a record Release returns may
// leave before its disclosure event is on record: if the process stops or
// the inner sink fails before the queue drains, the event is lost, and the
// inner sink's failure surfaces only on a later Emit or on Close. Opt in
// only where that is acceptable and the queue is drained on shutdown.
func WithDeferredAudit() Option { return func(c *config) { c.deferred = true } }

// ErrDeferredAudit is returned by [New] for a sink that only queues events
// ([audit.IsDeferred]) unless [WithDeferredAudit] is given: a decision or
// disclosure must be on record before the host acts on it.
var ErrDeferredAudit = errors.New("disclosure: the audit sink only queues events (WithDeferredAudit to accept that)")

// releaseOptions is what Release accepts beyond the default.
type releaseOptions struct {
	subjectless map[string]bool // views that may release resources naming no patient
	labeler     *label.Labeler  // classifies records before deciding; nil: the record's labels only
	unlabelled  consent.Category
	unchecked   bool // release resources whose codes could not all be checked
}

// release checks the options that concern Release against the policy.
func (c *config) release(p *Policy) (releaseOptions, error) {
	var ro releaseOptions
	if audit.IsDeferred(c.sink) && !c.deferred {
		return ro, ErrDeferredAudit
	}
	for _, v := range c.subjectless {
		if _, ok := p.views[v]; !ok && v != FullView {
			return ro, fmt.Errorf("disclosure: WithSubjectless: the policy has no view %q", v)
		}
		if ro.subjectless == nil {
			ro.subjectless = map[string]bool{}
		}
		ro.subjectless[v] = true
	}
	if c.labelerSet && c.labeler == nil {
		return ro, errors.New("disclosure: WithLabeler: the labeler is nil")
	}
	if c.unchecked && c.labeler == nil {
		return ro, errors.New("disclosure: WithUncheckedRelease needs WithLabeler")
	}
	ro.labeler, ro.unlabelled, ro.unchecked = c.labeler, c.unlabelled, c.unchecked
	return ro, nil
}
