package disclosure_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// semantics exercises the combining rules: deny rules first, the first
// matching permit decides, default deny, failing conditions.
const semantics = `policy: semantics
protected: [HIV, PSYTHPN]
vocabulary:
  kinds: [provider, public-health-authority, employer, public]
  attributes: [required_by_law, note]
  categories: [LAB, HIV, PSYTHPN, BROKEN-DENY]
views:
  public-health:
    keep: [resourceType, code]
rules:
  - id: no-public
    effect: deny
    when: request.recipient.kind == "public"
  - id: broken-deny
    effect: deny
    when: category == "BROKEN-DENY" && request.attributes.note == "x"
  - id: broken-permit
    effect: permit
    when: request.attributes.note == "x"
    basis: nowhere
    view: full
  - id: public-health
    effect: permit
    when: request.recipient.kind == "public-health-authority" && within(request.purpose, "PUBHLTH") && request.attributes.flag("required_by_law")
    basis: "45 CFR 164.512(b)"
    view: public-health
    obligations: [account]
  - id: treatment
    effect: permit
    when: request.recipient.kind == "provider" && within(request.purpose, "TREAT") && !protected(category)
    basis: "45 CFR 164.506(c)(2)"
    view: full
  - id: treatment-second
    effect: permit
    when: request.recipient.kind == "provider"
    basis: "never reached for unprotected categories"
    view: full
`

func newEngine(t testing.TB, policy string, opts ...disclosure.Option) *disclosure.Engine {
	t.Helper()
	p, err := disclosure.ParsePolicy([]byte(policy))
	require.NoError(t, err)
	e, err := disclosure.New(p, append([]disclosure.Option{disclosure.WithAudit(audit.Discard)}, opts...)...)
	require.NoError(t, err)
	return e
}

var at = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func request(kind string, purpose consent.Purpose, cats ...consent.Category) disclosure.Request {
	return disclosure.Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/r1", Name: "Recipient One", Kind: kind},
		Purpose:    purpose,
		Categories: cats,
		Time:       at,
	}
}

func TestDecideCombining(t *testing.T) {
	e := newEngine(t, semantics)
	tests := []struct {
		name  string
		req   disclosure.Request
		attrs map[string]any
		want  map[consent.Category]string // category -> deciding rule; "" default deny
		eff   map[consent.Category]consent.Effect
	}{
		{"first permit decides", request("provider", consent.Treatment, "LAB"), nil,
			map[consent.Category]string{"LAB": "treatment"}, map[consent.Category]consent.Effect{"LAB": consent.Permit}},
		{"purpose hierarchy", request("provider", consent.EmergencyTreatment, "LAB"), nil,
			map[consent.Category]string{"LAB": "treatment"}, map[consent.Category]consent.Effect{"LAB": consent.Permit}},
		{"protected category falls to the next permit", request("provider", consent.Treatment, "HIV"), nil,
			map[consent.Category]string{"HIV": "treatment-second"}, map[consent.Category]consent.Effect{"HIV": consent.Permit}},
		{"deny overrides permit", request("public", consent.Treatment, "LAB"), nil,
			map[consent.Category]string{"LAB": "no-public"}, map[consent.Category]consent.Effect{"LAB": consent.Deny}},
		{"default deny", request("employer", consent.Treatment, "LAB"), nil,
			map[consent.Category]string{"LAB": ""}, map[consent.Category]consent.Effect{"LAB": consent.Deny}},
		{"flag absent is false", request("public-health-authority", consent.PublicHealth, "LAB"), nil,
			map[consent.Category]string{"LAB": ""}, map[consent.Category]consent.Effect{"LAB": consent.Deny}},
		{"flag present", request("public-health-authority", consent.PublicHealth, "LAB"), map[string]any{"required_by_law": true},
			map[consent.Category]string{"LAB": "public-health"}, map[consent.Category]consent.Effect{"LAB": consent.Permit}},
		{"flag of another type is false", request("public-health-authority", consent.PublicHealth, "LAB"), map[string]any{"required_by_law": "yes"},
			map[consent.Category]string{"LAB": ""}, map[consent.Category]consent.Effect{"LAB": consent.Deny}},
		{"per category", request("provider", consent.Treatment, "LAB", "HIV", "PSYTHPN"), nil,
			map[consent.Category]string{"LAB": "treatment", "HIV": "treatment-second", "PSYTHPN": "treatment-second"},
			map[consent.Category]consent.Effect{"LAB": consent.Permit, "HIV": consent.Permit, "PSYTHPN": consent.Permit}},
		{"undocumented kind", request("press", consent.Treatment, "LAB"), nil,
			map[consent.Category]string{"LAB": disclosure.VocabularyRule}, map[consent.Category]consent.Effect{"LAB": consent.Deny}},
		{"undocumented attribute", request("provider", consent.Treatment, "LAB"), map[string]any{"court_ordre": true},
			map[consent.Category]string{"LAB": disclosure.VocabularyRule}, map[consent.Category]consent.Effect{"LAB": consent.Deny}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Attributes = tt.attrs
			d, err := e.Decide(context.Background(), tt.req)
			require.NoError(t, err)
			require.Len(t, d.Outcomes, len(tt.req.Categories))
			for i, o := range d.Outcomes {
				assert.Equal(t, tt.req.Categories[i], o.Category, "request order")
				assert.Equal(t, tt.want[o.Category], o.Rule, "rule of %s", o.Category)
				assert.Equal(t, tt.eff[o.Category], o.Effect, "effect of %s", o.Category)
			}
		})
	}
}

func TestDecideOutcomeFields(t *testing.T) {
	e := newEngine(t, semantics)
	r := request("public-health-authority", consent.PublicHealth, "LAB", "HIV")
	r.Attributes = map[string]any{"required_by_law": true}
	d, err := e.Decide(context.Background(), r)
	require.NoError(t, err)
	assert.True(t, d.Allowed())
	o, ok := d.Outcome("LAB")
	require.True(t, ok)
	assert.Equal(t, disclosure.Outcome{Category: "LAB", Effect: consent.Permit, Rule: "public-health",
		Basis: "45 CFR 164.512(b)", View: "public-health", Obligations: []string{"account"}}, o)
	assert.NotEmpty(t, d.ID)
	assert.Equal(t, at, d.Time)
	assert.Equal(t, []consent.Category{"LAB", "HIV"}, d.Permitted())
	assert.Empty(t, d.Withheld())
}

func TestDecideFailingConditions(t *testing.T) {
	e := newEngine(t, semantics, disclosure.WithTrace())
	// request.attributes.note is absent: both conditions fail to evaluate.
	d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "BROKEN-DENY", "LAB"))
	require.NoError(t, err)
	deny, _ := d.Outcome("BROKEN-DENY")
	assert.Equal(t, consent.Deny, deny.Effect, "a failing deny rule denies")
	assert.Equal(t, "broken-deny", deny.Rule)
	lab, _ := d.Outcome("LAB")
	assert.Equal(t, consent.Permit, lab.Effect, "a failing permit rule does not permit; the next may")
	assert.Equal(t, "treatment", lab.Rule)

	failed := 0
	for _, s := range d.Trace {
		if s.Result == disclosure.Failed {
			failed++
			assert.Contains(t, s.Err, "no such key")
		}
	}
	// broken-deny fails on BROKEN-DENY (which it then denies); on LAB its
	// condition stops at the category, and broken-permit fails.
	assert.Equal(t, 2, failed)
}

func TestDecideTraceIsCheapByDefault(t *testing.T) {
	e := newEngine(t, minimalPolicy)
	d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB"))
	require.NoError(t, err)
	assert.Empty(t, d.Trace, "only failures are traced without WithTrace")

	e = newEngine(t, semantics, disclosure.WithTrace())
	d, err = e.Decide(context.Background(), request("provider", consent.Treatment, "LAB"))
	require.NoError(t, err)
	var rules []string
	for _, s := range d.Trace {
		rules = append(rules, s.Rule+" "+s.Result.String())
	}
	assert.Equal(t, []string{"no-public not-matched", "broken-deny not-matched", "broken-permit failed",
		"public-health not-matched", "treatment matched"}, rules, "every rule evaluated, in order, up to the deciding permit")
}

func TestDecideInvalidRequest(t *testing.T) {
	e := newEngine(t, semantics)
	_, err := e.Decide(context.Background(), disclosure.Request{Categories: []consent.Category{"LAB", "LAB"}})
	require.ErrorIs(t, err, disclosure.ErrInvalidRequest)
	for _, field := range []string{"Patient", "Recipient.ID", "Recipient.Kind", "Purpose", "repeats"} {
		assert.Contains(t, err.Error(), field)
	}
	_, err = e.Decide(context.Background(), disclosure.Request{Patient: "p", Recipient: consent.Party{ID: "r", Kind: "provider"}, Purpose: "TREAT"})
	require.ErrorIs(t, err, disclosure.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "Categories")

	r := request("provider", consent.Treatment, "LAB")
	r.Attributes = map[string]any{"note": []any{1, 2}}
	_, err = e.Decide(context.Background(), r)
	require.ErrorIs(t, err, disclosure.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "note")
}

func TestDecideCancelled(t *testing.T) {
	e := newEngine(t, semantics)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Decide(ctx, request("provider", consent.Treatment, "LAB"))
	require.ErrorIs(t, err, context.Canceled)
}

func TestDecideUsesTheClock(t *testing.T) {
	clock := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	e := newEngine(t, semantics, disclosure.WithClock(func() time.Time { return clock }))
	r := request("provider", consent.Treatment, "LAB")
	r.Time = time.Time{}
	d, err := e.Decide(context.Background(), r)
	require.NoError(t, err)
	assert.Equal(t, clock, d.Time)
}

func TestDecideWithProtectedOption(t *testing.T) {
	e := newEngine(t, semantics, disclosure.WithProtected("LAB"))
	d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB", "HIV"))
	require.NoError(t, err)
	lab, _ := d.Outcome("LAB")
	hiv, _ := d.Outcome("HIV")
	assert.Equal(t, "treatment-second", lab.Rule, "LAB is protected now")
	assert.Equal(t, "treatment", hiv.Rule, "HIV is not")
}

// failingStore fails every read.
type failingStore struct{ consent.Store }

func (failingStore) ForPatient(context.Context, string) ([]consent.Consent, error) {
	return nil, errors.New("database down")
}

func TestDecideFailsClosedWhenConsentsCannotBeLoaded(t *testing.T) {
	e := newEngine(t, semantics, disclosure.WithConsents(failingStore{}))
	d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB"))
	require.ErrorIs(t, err, disclosure.ErrConsents)
	assert.False(t, d.Allowed())
	require.Len(t, d.Outcomes, 1)
	assert.Equal(t, consent.Deny, d.Outcomes[0].Effect)
}

// sinkFunc adapts a function to audit.Sink.
type sinkFunc func(context.Context, audit.Event) error

func (f sinkFunc) Emit(ctx context.Context, e audit.Event) error { return f(ctx, e) }

func TestDecideEmitsOneEvent(t *testing.T) {
	var mu sync.Mutex
	var events []audit.Event
	sink := sinkFunc(func(_ context.Context, e audit.Event) error {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
		return nil
	})
	e := newEngine(t, semantics, disclosure.WithAudit(sink))
	r := request("provider", consent.Treatment, "LAB", "HIV")
	r.Reason = "follow-up"
	d, err := e.Decide(context.Background(), r)
	require.NoError(t, err)
	require.Len(t, events, 1)
	ev := events[0]
	assert.Equal(t, audit.Event{
		ID: d.ID, Time: at, Type: audit.TypeDecision, Actor: "Practitioner/clerk", Patient: "Patient/p1",
		Recipient: "Organization/r1", RecipientName: "Recipient One", Purpose: "TREAT", Outcome: audit.OutcomePermit,
		Categories: []string{"LAB", "HIV"}, Rule: "treatment,treatment-second",
		Basis: "45 CFR 164.506(c)(2),never reached for unprotected categories", Reason: "follow-up",
		PolicyName: "semantics", PolicyHash: e.Policy().Hash(),
		PerCategory: []audit.CategoryOutcome{
			{Category: "LAB", Effect: "permit", Rule: "treatment", Basis: "45 CFR 164.506(c)(2)"},
			{Category: "HIV", Effect: "permit", Rule: "treatment-second", Basis: "never reached for unprotected categories"},
		},
	}, ev)
}

func TestDecideReportsSinkFailure(t *testing.T) {
	sink := sinkFunc(func(context.Context, audit.Event) error { return errors.New("disk full") })
	e := newEngine(t, semantics, disclosure.WithAudit(sink))
	d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB"))
	require.ErrorIs(t, err, disclosure.ErrAudit)
	assert.Contains(t, err.Error(), "disk full")
	assert.False(t, d.Allowed(), "a decision not on record allows nothing")
	require.Len(t, d.Outcomes, 1)
	assert.Equal(t, consent.Deny, d.Outcomes[0].Effect)
	assert.Empty(t, d.Outcomes[0].View)
}

func TestNewRequiresAnAuditSink(t *testing.T) {
	_, err := disclosure.New(disclosure.HIPAA())
	require.ErrorIs(t, err, disclosure.ErrNoAudit)
	_, err = disclosure.New(disclosure.HIPAA(), disclosure.WithAudit(nil))
	require.ErrorIs(t, err, disclosure.ErrNoAudit)
	_, err = disclosure.New(disclosure.HIPAA(), disclosure.WithAudit(audit.Discard))
	require.NoError(t, err)
}

func TestDecideRequiresTheRequester(t *testing.T) {
	rec := audittest.NewRecorder()
	e := newEngine(t, semantics, disclosure.WithAudit(rec))
	r := request("provider", consent.Treatment, "LAB")
	r.Requester = consent.Party{}
	d, err := e.Decide(context.Background(), r)
	require.ErrorIs(t, err, disclosure.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "Requester.ID")
	assert.False(t, d.Allowed())
	assert.Empty(t, rec.Events(), "no decision was made, so none is on record")
}

func TestDecideConcurrent(t *testing.T) {
	e := newEngine(t, semantics)
	var wg sync.WaitGroup
	ids := make(chan string, 800)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				kind := []string{"provider", "public", "employer"}[(g+i)%3]
				d, err := e.Decide(context.Background(), request(kind, consent.Treatment, "LAB", "HIV"))
				if !assert.NoError(t, err) {
					return
				}
				assert.Equal(t, kind == "provider", d.Allowed())
				ids <- d.ID
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		assert.False(t, seen[id], "decision IDs are unique")
		seen[id] = true
	}
	assert.Len(t, seen, 800)
}

func TestDecideVocabularyOfPurposesAndCategories(t *testing.T) {
	e := newEngine(t, `policy: v
vocabulary:
  purposes: [TREAT]
  categories: [LAB]
rules:
  - {id: anything, effect: permit, when: "true", basis: b, view: full}
`)
	d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB", "XRAY"))
	require.NoError(t, err)
	lab, _ := d.Outcome("LAB")
	xray, _ := d.Outcome("XRAY")
	assert.Equal(t, consent.Permit, lab.Effect)
	assert.Equal(t, consent.Deny, xray.Effect, "a category the vocabulary does not list is denied")
	assert.Equal(t, disclosure.VocabularyRule, xray.Rule)

	d, err = e.Decide(context.Background(), request("provider", consent.EmergencyTreatment, "LAB"))
	require.NoError(t, err)
	assert.False(t, d.Allowed(), "a purpose the vocabulary does not list is denied")
	assert.Equal(t, disclosure.VocabularyRule, d.Outcomes[0].Rule)
}

func TestDecideUnknownCategoryIsNeverPermitted(t *testing.T) {
	e := newEngine(t, `policy: open
rules:
  - {id: treatment, effect: permit, when: 'request.recipient.kind == "provider" && within(request.purpose, "TREAT")', basis: b, view: full}
`)
	for _, c := range []consent.Category{"XYZ", "hiv", "Lab"} {
		t.Run(string(c), func(t *testing.T) {
			d, err := e.Decide(context.Background(), request("provider", consent.Treatment, "LAB", c))
			require.NoError(t, err)
			lab, _ := d.Outcome("LAB")
			assert.Equal(t, consent.Permit, lab.Effect)
			o, _ := d.Outcome(c)
			assert.Equal(t, consent.Deny, o.Effect, "a code nobody declared is not permitted by a general rule")
			assert.Equal(t, disclosure.VocabularyRule, o.Rule)
			require.NotEmpty(t, d.Trace)
			assert.Contains(t, d.Trace[len(d.Trace)-1].Err, string(c), "the trace names the code")
		})
	}
}
