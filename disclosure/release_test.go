package disclosure_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/minimize"
)

// views permits each category under its own view, so that Release has to
// combine them. Every view keeps the Bundle envelope and the entries'
// resourceType and labels; "codes" adds the test code, "values" the test
// code and the value, "subjects" the subject.
const views = `policy: views
vocabulary:
  categories: [LAB, HIV, STD, BROKEN]
views:
  codes:
    keep: [resourceType, type, "entry[].resource.resourceType", "entry[].resource.meta.security", "entry[].resource.code"]
  values:
    keep: [resourceType, type, "entry[].resource.resourceType", "entry[].resource.meta.security", "entry[].resource.code", "entry[].resource.valueQuantity"]
  subjects:
    keep: [resourceType, "entry[].resource.resourceType", "entry[].resource.meta.security", "entry[].resource.subject"]
  broken:
    keep: [resourceType, "entry[].resource.resourceType", "entry[].resource.code"]
    transform: {"entry[].resource.valueQuantity.value": explode}
rules:
  - {id: lab, effect: permit, when: 'category == "LAB"', basis: b-lab, view: codes, obligations: [account]}
  - {id: hiv, effect: permit, when: 'category == "HIV" && request.recipient.kind == "provider"', basis: b-hiv, view: values, obligations: [review]}
  - {id: sti, effect: permit, when: 'category == "STD" && request.recipient.kind == "provider"', basis: b-sti, view: subjects}
  - {id: broken, effect: permit, when: 'category == "BROKEN"', basis: b-broken, view: broken}
`

// newViewsEngine returns an engine on the views policy, whose "broken"
// view has a transform that always fails.
func newViewsEngine(t testing.TB, opts ...disclosure.Option) *disclosure.Engine {
	t.Helper()
	explode := minimize.WithTransform("explode", minimize.TransformFunc(func(any) (any, error) {
		return nil, errors.New("transform failed")
	}))
	return newEngine(t, views, append(opts, disclosure.WithViewOptions(explode))...)
}

// recorder is a sink that keeps the events it is given.
type recorder struct {
	mu     sync.Mutex
	events []audit.Event
}

func (r *recorder) Emit(_ context.Context, e audit.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) all() []audit.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// labelled returns an Observation entry labelled with the given categories.
func labelled(id string, cats ...string) any {
	var sec []any
	for _, c := range cats {
		sec = append(sec, map[string]any{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": c})
	}
	res := map[string]any{
		"resourceType":  "Observation",
		"id":            id,
		"code":          map[string]any{"text": "test " + id},
		"valueQuantity": map[string]any{"value": 1.5, "unit": "mmol/L"},
		"subject":       map[string]any{"reference": "Patient/p1"},
		"note":          []any{map[string]any{"text": "free text " + id}},
	}
	if sec != nil {
		res["meta"] = map[string]any{"security": sec}
	}
	return map[string]any{"fullUrl": "urn:" + id, "resource": res}
}

func bundle(entries ...any) map[string]any {
	return map[string]any{"resourceType": "Bundle", "type": "collection", "id": "b1", "entry": entries}
}

// entryByID returns the resource of the released entry with the given id,
// recognized by its code text since views drop ids.
func entryByCode(t *testing.T, record map[string]any, id string) map[string]any {
	t.Helper()
	entries, _ := record["entry"].([]any)
	for _, e := range entries {
		res := e.(map[string]any)["resource"].(map[string]any)
		if code, ok := res["code"].(map[string]any); ok && code["text"] == "test "+id {
			return res
		}
	}
	return nil
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestReleaseOneViewReleasesWhatTheReportSays(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	record := bundle(labelled("a", "LAB"), labelled("b"))
	rel, err := e.Release(context.Background(), request("employer", consent.Treatment, "LAB"), record)
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.True(t, rel.Decision.Allowed())

	a := entryByCode(t, rel.Record, "a")
	require.NotNil(t, a)
	assert.Equal(t, []string{"code", "meta", "resourceType"}, keys(a), "the codes view keeps no value, subject or note")
	assert.Equal(t, []string{
		"entry[].resource.code.text", "entry[].resource.meta.security[].code",
		"entry[].resource.meta.security[].system", "entry[].resource.resourceType", "resourceType", "type",
	}, rel.Fields)

	events := rec.all()
	require.Len(t, events, 1, "Release emits exactly one event")
	ev := events[0]
	assert.Equal(t, audit.TypeDisclosure, ev.Type)
	assert.Equal(t, rel.Decision.ID, ev.ID)
	assert.Equal(t, rel.Fields, ev.Fields, "the event lists exactly what was released")
	assert.Equal(t, []string{"LAB"}, ev.Categories)
	assert.Equal(t, []string{"account"}, ev.Obligations)
	assert.Equal(t, audit.OutcomePermit, ev.Outcome)
}

func TestReleaseRemovesWithheldCategories(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	record := bundle(labelled("lab", "LAB"), labelled("hiv", "HIV"), labelled("both", "LAB", "HIV"), labelled("plain"))
	// An employer gets LAB; HIV is withheld (only providers get it).
	rel, err := e.Release(context.Background(), request("employer", consent.Treatment, "LAB", "HIV"), record)
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.False(t, rel.Decision.Allowed())

	assert.NotNil(t, entryByCode(t, rel.Record, "lab"))
	assert.NotNil(t, entryByCode(t, rel.Record, "plain"))
	assert.Nil(t, entryByCode(t, rel.Record, "hiv"), "an entry labelled with a withheld category leaves the record")
	assert.Nil(t, entryByCode(t, rel.Record, "both"), "a withheld label wins over a permitted one")
	out, err := json.Marshal(rel.Record)
	require.NoError(t, err)
	assert.NotContains(t, string(out), `"HIV"`)

	ev := rec.all()[0]
	assert.Equal(t, audit.TypeDisclosure, ev.Type)
	assert.Equal(t, audit.OutcomePartial, ev.Outcome)
	assert.Equal(t, []string{"LAB"}, ev.Categories, "a disclosure event names what left")
	require.Len(t, ev.PerCategory, 2)
	assert.Equal(t, "deny", ev.PerCategory[1].Effect)
}

// TestReleaseCombinesViews checks the rule of Release's documentation: a
// labelled entry goes through the views of its permitted categories, an
// unlabelled entry and the envelope through every permitted view, and
// nothing leaves that one of the applicable views would not release.
func TestReleaseCombinesViews(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	record := bundle(labelled("lab", "LAB"), labelled("hiv", "HIV"), labelled("sti", "STD"), labelled("plain"), labelled("labhiv", "LAB", "HIV"))
	rel, err := e.Release(context.Background(), request("provider", consent.Treatment, "LAB", "HIV", "STD"), record)
	require.NoError(t, err)
	require.True(t, rel.Decision.Allowed())
	require.NotNil(t, rel.Record)

	tests := []struct {
		entry string
		want  []string
	}{
		{"lab", []string{"code", "meta", "resourceType"}},                  // codes
		{"hiv", []string{"code", "meta", "resourceType", "valueQuantity"}}, // values
		{"labhiv", []string{"code", "meta", "resourceType"}},               // codes then values
	}
	for _, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			res := entryByCode(t, rel.Record, tt.entry)
			require.NotNil(t, res)
			assert.Equal(t, tt.want, keys(res))
		})
	}
	// The STD entry went through "subjects", which keeps no code: it is
	// found by its subject instead. The unlabelled entry went through all
	// three views, whose intersection keeps only its resourceType, so
	// nothing of it but its type is left.
	entries := rel.Record["entry"].([]any)
	var subjects, bare int
	for _, en := range entries {
		res := en.(map[string]any)["resource"].(map[string]any)
		switch {
		case res["subject"] != nil:
			subjects++
			assert.Equal(t, []string{"meta", "resourceType", "subject"}, keys(res))
		case res["code"] == nil:
			bare++
			assert.Equal(t, []string{"resourceType"}, keys(res))
		}
	}
	assert.Equal(t, 1, subjects, "the STD entry keeps its subject")
	assert.Equal(t, 1, bare, "the unlabelled entry keeps only what every view releases")
	assert.Equal(t, []string{"entry", "resourceType"}, keys(rel.Record), `"type" is not in the subjects view, so the envelope loses it`)

	// Never the union: no entry carries both a value and a subject, and
	// no note leaves at all.
	out, err := json.Marshal(rel.Record)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "free text")
	for _, en := range entries {
		res := en.(map[string]any)["resource"].(map[string]any)
		assert.False(t, res["valueQuantity"] != nil && res["subject"] != nil, "views combine by intersection")
	}

	ev := rec.all()[0]
	assert.Contains(t, ev.Fields, "entry[].resource.valueQuantity.value")
	assert.Contains(t, ev.Fields, "entry[].resource.subject.reference")
	assert.NotContains(t, ev.Fields, "entry[].resource.note[].text")
	assert.ElementsMatch(t, []string{"account", "review"}, ev.Obligations)
}

func TestReleaseNotABundleGoesThroughItsViews(t *testing.T) {
	e := newViewsEngine(t)
	obs := labelled("x", "HIV").(map[string]any)["resource"].(map[string]any)
	// Views paths are under entry[], so a lone resource keeps only its type.
	rel, err := e.Release(context.Background(), request("provider", consent.Treatment, "LAB", "HIV"), obs)
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.Equal(t, map[string]any{"resourceType": "Observation"}, rel.Record)
}

func TestReleaseNothingPermitted(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	rel, err := e.Release(context.Background(), request("employer", consent.Treatment, "HIV"), bundle(labelled("a")))
	require.NoError(t, err)
	assert.Nil(t, rel.Record)
	assert.Empty(t, rel.Fields)
	events := rec.all()
	require.Len(t, events, 1)
	assert.Equal(t, audit.TypeDecision, events[0].Type, "nothing left: a decision event, not a disclosure")
	assert.Equal(t, audit.OutcomeDeny, events[0].Outcome)
	assert.Empty(t, events[0].Fields)
}

func TestReleaseWholeRecordWithheld(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	record := labelled("x", "HIV").(map[string]any)["resource"].(map[string]any)
	rel, err := e.Release(context.Background(), request("employer", consent.Treatment, "LAB", "HIV"), record)
	require.NoError(t, err)
	assert.Nil(t, rel.Record, "a record labelled with a withheld category does not leave")
	require.Len(t, rec.all(), 1)
	assert.Equal(t, audit.TypeDecision, rec.all()[0].Type)
}

func TestReleaseDoesNotModifyItsInput(t *testing.T) {
	e := newViewsEngine(t)
	record := bundle(labelled("lab", "LAB"), labelled("hiv", "HIV"), labelled("plain"))
	before, err := json.Marshal(record)
	require.NoError(t, err)
	for _, kind := range []string{"employer", "provider"} {
		rel, err := e.Release(context.Background(), request(kind, consent.Treatment, "LAB", "HIV", "STD"), record)
		require.NoError(t, err)
		require.NotNil(t, rel.Record)
		// Changing the released record leaves the input alone too.
		rel.Record["entry"].([]any)[0].(map[string]any)["resource"].(map[string]any)["resourceType"] = "Changed"
	}
	after, err := json.Marshal(record)
	require.NoError(t, err)
	assert.JSONEq(t, string(before), string(after))
}

func TestReleaseFailsClosed(t *testing.T) {
	tests := []struct {
		name      string
		opts      []disclosure.Option
		req       disclosure.Request
		wantErr   error
		wantEvent audit.EventType // "": no event may be on record
	}{
		{
			name:      "audit sink fails",
			opts:      []disclosure.Option{disclosure.WithAudit(sinkFunc(func(context.Context, audit.Event) error { return errors.New("disk full") }))},
			req:       request("provider", consent.Treatment, "LAB"),
			wantErr:   disclosure.ErrAudit,
			wantEvent: "",
		},
		{
			name:      "consents cannot be loaded",
			opts:      []disclosure.Option{disclosure.WithConsents(failingStore{})},
			req:       request("provider", consent.Treatment, "LAB"),
			wantErr:   disclosure.ErrConsents,
			wantEvent: audit.TypeDecision,
		},
		{
			name:      "a transform fails",
			req:       request("provider", consent.Treatment, "BROKEN"),
			wantErr:   nil, // a *minimize.TransformError
			wantEvent: audit.TypeDecision,
		},
		{
			name:      "invalid request",
			req:       request("", consent.Treatment, "LAB"),
			wantErr:   disclosure.ErrInvalidRequest,
			wantEvent: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			opts := append([]disclosure.Option{disclosure.WithAudit(rec)}, tt.opts...)
			e := newViewsEngine(t, opts...)
			rel, err := e.Release(context.Background(), tt.req, bundle(labelled("a", "LAB")))
			require.Error(t, err)
			if tt.wantErr != nil {
				assert.ErrorIs(t, err, tt.wantErr)
			} else {
				var te *minimize.TransformError
				assert.ErrorAs(t, err, &te)
			}
			assert.Nil(t, rel.Record, "no record on failure")
			assert.Empty(t, rel.Fields)
			events := rec.all()
			if tt.wantEvent == "" {
				for _, ev := range events {
					assert.NotEqual(t, audit.TypeDisclosure, ev.Type)
				}
				return
			}
			require.Len(t, events, 1)
			assert.Equal(t, tt.wantEvent, events[0].Type, "a failed release is on record as a decision, never as a disclosure")
		})
	}
}

func TestReleaseCancelledContext(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rel, err := e.Release(ctx, request("provider", consent.Treatment, "LAB"), bundle(labelled("a", "LAB")))
	require.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, rel.Record)
	assert.Empty(t, rec.all(), "a request never decided is not on record")
}

func TestReleaseConcurrent(t *testing.T) {
	rec := &recorder{}
	e := newViewsEngine(t, disclosure.WithAudit(rec))
	record := bundle(labelled("lab", "LAB"), labelled("hiv", "HIV"), labelled("plain"))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				kind := []string{"provider", "employer"}[(g+i)%2]
				rel, err := e.Release(context.Background(), request(kind, consent.Treatment, "LAB", "HIV"), record)
				if !assert.NoError(t, err) || !assert.NotNil(t, rel.Record) {
					return
				}
				hasHIV := entryByCode(t, rel.Record, "hiv") != nil
				assert.Equal(t, kind == "provider", hasHIV)
			}
		}()
	}
	wg.Wait()
	assert.Len(t, rec.all(), 400)
}

func readRecord(t testing.TB, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

// TestReleaseHIPAAEmployer runs the built-in policy on the lipids Bundle:
// an employer under an authorization for laboratory results gets the named
// results, without identifiers, reference ranges or narrative.
func TestReleaseHIPAAEmployer(t *testing.T) {
	store := consent.NewMemoryStore()
	require.NoError(t, store.Put(context.Background(), lipidsConsent()))
	rec := &recorder{}
	e, err := disclosure.New(disclosure.HIPAA(), disclosure.WithConsents(store), disclosure.WithAudit(rec))
	require.NoError(t, err)
	record := readRecord(t, "../minimize/testdata/Bundle-lipids.json")
	rel, err := e.Release(context.Background(), lipidsRequest(), record)
	require.NoError(t, err)
	require.True(t, rel.Decision.Allowed())
	require.NotNil(t, rel.Record)
	assert.Equal(t, "authorization-employer", rel.Decision.Outcomes[0].Rule)

	out, err := json.Marshal(rel.Record)
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "Cholesterol")
	for _, gone := range []string{"referenceRange", `"div"`, `"subject"`, `"performer"`, `"id"`} {
		assert.False(t, strings.Contains(s, gone), "the employer view drops %s", gone)
	}
	for _, f := range rel.Fields {
		assert.False(t, strings.Contains(f, "referenceRange") || strings.Contains(f, "subject"), f)
	}
	require.Len(t, rec.all(), 1)
	assert.Equal(t, "45 CFR 164.508(a)(1)", rec.all()[0].Basis)
}

func employerConsent() consent.Consent {
	return consent.Consent{
		ID: "auth-1", Patient: "Patient/p1", Status: consent.Active,
		Grantor: consent.Party{ID: "Patient/p1", Kind: "patient"}, Signed: at.AddDate(0, -1, 0),
		Period: consent.Period{Start: at.AddDate(0, -1, 0), End: at.AddDate(1, 0, 0)},
		Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{
			Effect: consent.Permit, Recipients: []string{"Organization/acme"},
			Purposes: []consent.Purpose{consent.Operations}, Categories: []consent.Category{consent.Laboratory},
		}}},
		Disclosers: []consent.Party{{ID: "Organization/northside-lab", Kind: "provider"}},
	}
}

// lipidsConsent is employerConsent signed by the patient of the lipids
// Bundle.
func lipidsConsent() consent.Consent {
	c := employerConsent()
	c.Patient, c.Grantor.ID = "Patient/pat2", "Patient/pat2"
	return c
}

// lipidsRequest is employerRequest for the patient of the lipids Bundle.
func lipidsRequest() disclosure.Request {
	r := employerRequest()
	r.Patient = "Patient/pat2"
	return r
}

func employerRequest() disclosure.Request {
	return disclosure.Request{
		Patient:    "Patient/p1",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/acme", Name: "Acme Freight", Kind: "employer"},
		Purpose:    consent.Operations,
		Categories: []consent.Category{consent.Laboratory},
		Time:       at,
	}
}

func BenchmarkRelease(b *testing.B) {
	store := consent.NewMemoryStore()
	require.NoError(b, store.Put(context.Background(), lipidsConsent()))
	e, err := disclosure.New(disclosure.HIPAA(), disclosure.WithConsents(store), disclosure.WithAudit(&discard{}))
	require.NoError(b, err)
	record := readRecord(b, "../minimize/testdata/Bundle-lipids.json")
	r := lipidsRequest()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		rel, err := e.Release(ctx, r, record)
		if err != nil || rel.Record == nil {
			b.Fatal(err)
		}
	}
}

// discard is a sink that keeps nothing.
type discard struct{}

func (*discard) Emit(context.Context, audit.Event) error { return nil }

// TestReleaseWithholdsProtectedCategoriesNotPermitted checks that a
// protected category the request did not name does not leave with the
// categories it did: labelled HIV, an entry stays home under a LAB
// decision.
func TestReleaseWithholdsProtectedCategoriesNotPermitted(t *testing.T) {
	e := newViewsEngine(t)
	record := bundle(labelled("lab", "LAB"), labelled("hiv", "HIV"), labelled("psy", "PSYTHPN"), labelled("vip", "VIP"))
	rel, err := e.Release(context.Background(), request("provider", consent.Treatment, "LAB"), record)
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.NotNil(t, entryByCode(t, rel.Record, "lab"))
	assert.Nil(t, entryByCode(t, rel.Record, "hiv"), "HIV is protected and was not permitted")
	assert.Nil(t, entryByCode(t, rel.Record, "psy"), "psychotherapy notes are protected and were not permitted")
	assert.NotNil(t, entryByCode(t, rel.Record, "vip"), "a label outside the protected set does not withhold by itself")

	rel, err = e.Release(context.Background(), request("provider", consent.Treatment, "LAB", "HIV"), record)
	require.NoError(t, err)
	assert.NotNil(t, entryByCode(t, rel.Record, "hiv"), "named and permitted, HIV leaves")
}
