package disclosure_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/label"
)

// permitAll permits every category under the full view, HIV and substance
// use included, and protects only HIV, so that a request naming HIV
// withholds no protected category.
const permitAll = `policy: permit-all
protected: [HIV]
rules:
  - {id: all, effect: permit, when: 'true', basis: b-all, view: full}
`

// lipidsWith returns the lipids Bundle with the given fixtures appended as
// entries, each made the lipids patient's.
func lipidsWith(t testing.TB, files ...string) map[string]any {
	t.Helper()
	b := readRecord(t, "testdata/fhir/Bundle-lipids.json")
	entries := b["entry"].([]any)
	for _, f := range files {
		res := readRecord(t, "testdata/fhir/"+f)
		if _, ok := res["subject"]; ok {
			res["subject"] = map[string]any{"reference": "Patient/pat2"}
		}
		entries = append(entries, map[string]any{"fullUrl": "urn:uuid:" + res["id"].(string), "resource": res})
	}
	b["entry"] = entries
	return b
}

// lipidsParty returns a request about the lipids patient, listing no
// categories.
func lipidsParty(kind, recipient string, purpose consent.Purpose) disclosure.Request {
	return disclosure.Request{
		Patient:   "Patient/pat2",
		Requester: consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient: consent.Party{ID: recipient, Kind: kind},
		Purpose:   purpose,
		Time:      at,
	}
}

// generalAuthorization is the lipids patient's authorization to a life
// insurer, for coverage, that names no category: it covers ordinary data,
// never a protected category.
func generalAuthorization() consent.Consent {
	return consent.Consent{
		ID: "auth-general", Patient: "Patient/pat2", Status: consent.Active,
		Grantor: consent.Party{ID: "Patient/pat2", Kind: "patient"}, Signed: at.AddDate(0, -1, 0),
		Period:     consent.Period{Start: at.AddDate(0, -1, 0), End: at.AddDate(1, 0, 0)},
		Disclosers: []consent.Party{{ID: "Organization/northside-lab", Kind: "provider"}}, Description: "my health information",
		Provision: consent.Provision{Effect: consent.Deny, Provisions: []consent.Provision{{
			Effect: consent.Permit, Recipients: []string{"Organization/lifeco"}, Purposes: []consent.Purpose{consent.Coverage},
		}}},
	}
}

// policyOf parses a policy.
func policyOf(t testing.TB, src string) *disclosure.Policy {
	t.Helper()
	p, err := disclosure.ParsePolicy([]byte(src))
	require.NoError(t, err)
	return p
}

// labelEngine returns an engine on p (the built-in policy when nil) with
// the shipped labeler and LAB for unlabelled data.
func labelEngine(t testing.TB, p *disclosure.Policy, opts ...disclosure.Option) *disclosure.Engine {
	t.Helper()
	if p == nil {
		p = disclosure.HIPAA()
	}
	opts = append([]disclosure.Option{disclosure.WithAudit(audit.Discard), disclosure.WithLabeler(label.Default(), consent.Laboratory)}, opts...)
	e, err := disclosure.New(p, opts...)
	require.NoError(t, err)
	return e
}

// perCategory returns the categories of an event's outcomes, in order.
func perCategory(ev audit.Event) []string {
	var out []string
	for _, o := range ev.PerCategory {
		out = append(out, o.Category)
	}
	return out
}

func TestReleaseLabelerLipidsForTreatmentReleasesWhole(t *testing.T) {
	rec := &recorder{}
	e := labelEngine(t, nil, disclosure.WithAudit(rec))
	record := readRecord(t, "testdata/fhir/Bundle-lipids.json")
	rel, err := e.Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), record)
	require.NoError(t, err)
	require.True(t, rel.Decision.Allowed())
	assert.Equal(t, readRecord(t, "testdata/fhir/Bundle-lipids.json"), rel.Record, "the full view releases the Bundle as it is, with no label added")
	assert.Equal(t, []string{"DiagnosticReport/lipids", "Observation/cholesterol", "Observation/triglyceride", "Observation/hdlcholesterol", "Observation/ldlcholesterol"}, rel.Resources)
	assert.Empty(t, rel.Labels, "every resource was checked and none is sensitive")
	assert.Equal(t, []consent.Category{consent.Laboratory}, rel.Decision.Request.Categories)

	events := rec.all()
	require.Len(t, events, 1)
	assert.Equal(t, audit.TypeDisclosure, events[0].Type)
	assert.Equal(t, []string{"LAB"}, events[0].Categories)
}

func TestReleaseLabelerWithholdsHIVResult(t *testing.T) {
	store := consent.NewMemoryStore()
	require.NoError(t, store.Put(context.Background(), generalAuthorization()))
	tests := []struct {
		name     string
		policy   *disclosure.Policy
		opts     []disclosure.Option
		request  disclosure.Request
		listed   []consent.Category
		want     []consent.Category // the categories decided
		released bool               // whether the HIV result leaves
	}{
		{
			name:    "general authorization",
			opts:    []disclosure.Option{disclosure.WithConsents(store)},
			request: lipidsParty("insurer", "Organization/lifeco", consent.Coverage),
			want:    []consent.Category{"LAB", "HIV"},
		},
		{
			name:    "payment under a state law protecting HIV",
			policy:  disclosure.StateSensitive(),
			request: lipidsParty("health-plan", "Organization/plan", consent.Payment),
			want:    []consent.Category{"LAB", "HIV"},
		},
		{
			name:    "treatment under a state law protecting HIV, categories listed by the host",
			policy:  disclosure.StateSensitive(),
			request: lipidsParty("provider", "Organization/clinic", consent.Treatment),
			listed:  []consent.Category{"MEDS", "LAB"},
			want:    []consent.Category{"MEDS", "LAB", "HIV"},
		},
		{
			name:     "HIV permitted",
			policy:   policyOf(t, permitAll),
			request:  lipidsParty("provider", "Organization/clinic", consent.Treatment),
			want:     []consent.Category{"LAB", "HIV"},
			released: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			e := labelEngine(t, tt.policy, append(tt.opts, disclosure.WithAudit(rec))...)
			record := lipidsWith(t, "Observation-hiv-viral-load.json")
			r := tt.request
			r.Categories = tt.listed
			rel, err := e.Release(context.Background(), r, record)
			require.NoError(t, err)
			require.NotNil(t, rel.Record)

			assert.Equal(t, tt.want, rel.Decision.Request.Categories)
			assert.Equal(t, tt.listed, r.Categories, "the caller's request is not changed")
			assert.Equal(t, []disclosure.ResourceLabel{{
				Resource: "Observation/hiv-vl", Status: label.Sensitive,
				Categories: []consent.Category{"HIV"}, Complete: true, Withheld: !tt.released,
			}}, rel.Labels)
			assert.Equal(t, tt.released, slices.Contains(rel.Resources, "Observation/hiv-vl"))
			assert.Len(t, rel.Resources, 5+boolInt(tt.released), "the lipid results leave")
			out, err := json.Marshal(rel.Record)
			require.NoError(t, err)
			assert.Equal(t, tt.released, strings.Contains(string(out), "20447-9"), "the HIV code leaves only when HIV is permitted")
			_, labelled := readRecord(t, "testdata/fhir/Observation-hiv-viral-load.json")["meta"]
			require.False(t, labelled)
			_, labelled = record["entry"].([]any)[5].(map[string]any)["resource"].(map[string]any)["meta"]
			assert.False(t, labelled, "the caller's record gets no label")

			events := rec.all()
			require.Len(t, events, 1)
			want := make([]string, len(tt.want))
			for i, c := range tt.want {
				want[i] = string(c)
			}
			assert.Equal(t, want, perCategory(events[0]), "the event lists every category decided")
		})
	}
}

func TestReleaseLabelerBuprenorphine(t *testing.T) {
	tests := []struct {
		name     string
		policy   *disclosure.Policy
		part2    bool // the record comes from a Part 2 program
		released bool
	}{
		{name: "a Part 2 program's record for treatment without consent", part2: true, released: false},
		{name: "permitted: not a Part 2 program's record, for treatment", released: true},
		{name: "permitted by the policy", policy: policyOf(t, permitAll), part2: true, released: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := labelEngine(t, tt.policy)
			r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
			if tt.part2 {
				r.Attributes = map[string]any{"part2_program": true}
			}
			rel, err := e.Release(context.Background(), r, lipidsWith(t, "MedicationRequest-buprenorphine.json"))
			require.NoError(t, err)
			require.NotNil(t, rel.Record)
			assert.Equal(t, []consent.Category{"LAB", "ETH", "OPIOIDUD"}, rel.Decision.Request.Categories)
			for _, c := range []consent.Category{"ETH", "OPIOIDUD"} {
				o, ok := rel.Decision.Outcome(c)
				require.True(t, ok)
				assert.Equal(t, tt.released, o.Effect == consent.Permit, c)
			}
			assert.Equal(t, []disclosure.ResourceLabel{{
				Resource: "MedicationRequest/bup", Status: label.Sensitive,
				Categories: []consent.Category{"ETH", "OPIOIDUD"}, Complete: true, Withheld: !tt.released,
			}}, rel.Labels)
			assert.Equal(t, tt.released, slices.Contains(rel.Resources, "MedicationRequest/bup"))
			if tt.released {
				entries := rel.Record["entry"].([]any)
				res := entries[len(entries)-1].(map[string]any)["resource"].(map[string]any)
				assert.Equal(t, []string{"ETH", "OPIOIDUD"}, securityCodes(res), "the prescription leaves with its DS4P labels")
			}
		})
	}
}

func TestReleaseLabelerUncheckedResources(t *testing.T) {
	tests := []struct {
		name     string
		policy   *disclosure.Policy
		listed   []consent.Category
		opts     []disclosure.Option
		released bool // whether the uncoded Observation leaves
	}{
		{name: "a protected category is withheld", released: false},
		{name: "the host releases unchecked resources", opts: []disclosure.Option{disclosure.WithUncheckedRelease()}, released: true},
		{name: "no protected category is withheld", policy: policyOf(t, permitAll), listed: []consent.Category{"LAB", "HIV"}, released: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := labelEngine(t, tt.policy, tt.opts...)
			r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
			r.Categories = tt.listed
			record := lipidsWith(t, "Observation-text-only.json", "Patient-pat2.json")
			rel, err := e.Release(context.Background(), r, record)
			require.NoError(t, err)
			require.NotNil(t, rel.Record)
			assert.Equal(t, []disclosure.ResourceLabel{{
				Resource: "Observation/text-only", Status: label.Incomplete, Withheld: !tt.released,
			}}, rel.Labels, "the Patient, which carries no clinical code, is not reported")
			assert.Equal(t, tt.released, slices.Contains(rel.Resources, "Observation/text-only"))
			assert.True(t, slices.Contains(rel.Resources, "Patient/pat2"), "the Patient is not withheld for having no code")
			_, labelled := record["entry"].([]any)[5].(map[string]any)["resource"].(map[string]any)["meta"]
			assert.False(t, labelled, "the caller's record gets no label")
		})
	}
}

// TestReleaseLabelerContainedInAdministrative checks that an
// administrative resource is withheld as unchecked when a resource it
// contains carries codes the labeler cannot check: a Patient holding a
// SNOMED CT coded Condition is as clinical as the Condition.
func TestReleaseLabelerContainedInAdministrative(t *testing.T) {
	e := labelEngine(t, nil)
	record := lipidsWith(t, "Patient-pat2.json")
	patient := record["entry"].([]any)[5].(map[string]any)["resource"].(map[string]any)
	require.Equal(t, "Patient", patient["resourceType"])
	patient["contained"] = []any{map[string]any{
		"resourceType": "Condition", "id": "c1",
		"code": map[string]any{"coding": []any{map[string]any{"system": "http://snomed.info/sct", "code": "86406008"}}},
	}}
	rel, err := e.Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), record)
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.Equal(t, []disclosure.ResourceLabel{{
		Resource: "Patient/pat2", Status: label.Incomplete, Withheld: true,
	}}, rel.Labels)
	assert.False(t, slices.Contains(rel.Resources, "Patient/pat2"), "the Patient and the Condition it contains stay home")
}

// permitButPSY permits every category but mental health, which it does
// not protect.
const permitButPSY = `policy: permit-but-psy
protected: [HIV]
rules:
  - {id: all, effect: permit, when: 'category != "PSY"', basis: b-all, view: full}
`

// TestReleaseLabelerDecidesRecordLabels checks that a category the record
// is already labelled with, in meta.security or inline, is decided like
// one its codes reveal: denied here, the labelled data stays home although
// the host listed no category and the policy does not protect it.
func TestReleaseLabelerDecidesRecordLabels(t *testing.T) {
	psy := map[string]any{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "PSY"}
	tests := []struct {
		name     string
		label    func(res map[string]any)
		resource bool // whether the resource itself leaves, its labelled element removed
	}{
		{"meta.security", func(res map[string]any) {
			res["meta"] = map[string]any{"security": []any{psy}}
		}, false},
		{"inline", func(res map[string]any) {
			res["valueQuantity"].(map[string]any)["extension"] = []any{map[string]any{"url": label.InlineLabelURL, "valueCoding": psy}}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := labelEngine(t, policyOf(t, permitButPSY))
			record := lipidsWith(t)
			res := record["entry"].([]any)[1].(map[string]any)["resource"].(map[string]any)
			require.Equal(t, "Observation", res["resourceType"])
			tt.label(res)
			id := "Observation/" + res["id"].(string)
			rel, err := e.Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), record)
			require.NoError(t, err)
			o, ok := rel.Decision.Outcome("PSY")
			require.True(t, ok, "PSY is decided")
			assert.Equal(t, consent.Deny, o.Effect)
			require.NotNil(t, rel.Record)
			assert.Equal(t, tt.resource, slices.Contains(rel.Resources, id))
			out, err := json.Marshal(rel.Record)
			require.NoError(t, err)
			assert.False(t, strings.Contains(string(out), `"PSY"`), "no labelled element leaves")
			assert.False(t, strings.Contains(string(out), `"value":6.3`), "the labelled value stays home")
		})
	}
}

// permitButETH permits every category but substance use, both protected.
const permitButETH = `policy: permit-but-eth
protected: [HIV, ETH]
rules:
  - {id: all, effect: permit, when: 'category != "ETH"', basis: b-all, view: full}
`

// TestReleaseLabelerSensitiveButIncomplete checks that a resource whose
// codes revealed a permitted category but not all could be checked stays
// home while another protected category is withheld: its other codes could
// reveal that one.
func TestReleaseLabelerSensitiveButIncomplete(t *testing.T) {
	tests := []struct {
		name     string
		snomed   bool
		released bool
	}{
		{name: "every code checked", snomed: false, released: true},
		{name: "a SNOMED CT code too", snomed: true, released: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := labelEngine(t, policyOf(t, permitButETH))
			record := lipidsWith(t, "Observation-hiv-viral-load.json")
			res := record["entry"].([]any)[5].(map[string]any)["resource"].(map[string]any)
			if tt.snomed {
				code := res["code"].(map[string]any)
				code["coding"] = append(code["coding"].([]any), map[string]any{"system": "http://snomed.info/sct", "code": "315124004"})
			}
			rel, err := e.Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), record)
			require.NoError(t, err)
			require.NotNil(t, rel.Record)
			o, ok := rel.Decision.Outcome(consent.HIV)
			require.True(t, ok)
			require.Equal(t, consent.Permit, o.Effect)
			assert.Equal(t, []disclosure.ResourceLabel{{
				Resource: "Observation/hiv-vl", Status: label.Sensitive,
				Categories: []consent.Category{"HIV"}, Complete: !tt.snomed, Withheld: !tt.released,
			}}, rel.Labels)
			assert.Equal(t, tt.released, slices.Contains(rel.Resources, "Observation/hiv-vl"))
		})
	}
}

// TestReleaseLabelerSNOMEDCodedBundle releases a real SNOMED CT coded
// Bundle: the shipped sets cannot check SNOMED CT, so its resources stay
// home while a protected category is withheld; a host that adds a SNOMED CT
// set has them checked, and released.
func TestReleaseLabelerSNOMEDCodedBundle(t *testing.T) {
	snomed := label.ValueSet{
		Name: "host-mental-health-snomed", Version: "1", Categories: []string{"PSY"},
		System: "http://snomed.info/sct", Source: "a host's own list", License: "the host's SNOMED CT affiliate licence",
		Include: []label.Pattern{{Code: "74732009", Display: "Mental disorder"}},
	}
	withSNOMED, err := label.New(append(label.Shipped(), snomed))
	require.NoError(t, err)
	tests := []struct {
		name     string
		opts     []disclosure.Option
		labels   []disclosure.ResourceLabel
		released []string
	}{
		{
			name: "shipped sets",
			labels: []disclosure.ResourceLabel{
				{Resource: "DiagnosticReport/f001", Status: label.Incomplete, Withheld: true},
				{Resource: "ServiceRequest/req", Status: label.Incomplete, Withheld: true},
			},
		},
		{
			name:     "with a SNOMED CT set",
			opts:     []disclosure.Option{disclosure.WithLabeler(withSNOMED, consent.Laboratory)},
			released: []string{"DiagnosticReport/f001", "ServiceRequest/req"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := labelEngine(t, nil, tt.opts...)
			r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
			r.Patient = "Patient/f001"
			rel, err := e.Release(context.Background(), r, readRecord(t, "testdata/fhir/Bundle-f001.json"))
			require.NoError(t, err)
			assert.Equal(t, tt.labels, rel.Labels)
			assert.Equal(t, tt.released, rel.Resources)
			assert.Equal(t, tt.released != nil, rel.Record != nil)
		})
	}
}

// TestReleaseLabelerNestedBundle checks that an unchecked resource in a
// nested Bundle is found and withheld, and its neighbours are not.
func TestReleaseLabelerNestedBundle(t *testing.T) {
	e := labelEngine(t, nil)
	record := lipidsWith(t)
	inner := lipidsWith(t, "Observation-text-only.json", "Observation-hiv-viral-load.json")
	inner["id"] = "inner"
	inner["entry"] = inner["entry"].([]any)[5:]
	record["entry"] = append(record["entry"].([]any), map[string]any{"resource": inner})
	rel, err := e.Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), record)
	require.NoError(t, err)
	require.NotNil(t, rel.Record)
	assert.Equal(t, []disclosure.ResourceLabel{
		{Resource: "Observation/text-only", Status: label.Incomplete, Withheld: true},
		{Resource: "Observation/hiv-vl", Status: label.Sensitive, Categories: []consent.Category{"HIV"}, Complete: true},
	}, rel.Labels, "HIV, found, is requested and permitted for treatment")
	out, err := json.Marshal(rel.Record)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "text-only")
	assert.Contains(t, string(out), "hiv-vl")
	assert.Contains(t, string(out), "ldlcholesterol")
}

func TestReleaseLabelerUncodedRecordIsWithheld(t *testing.T) {
	rec := &recorder{}
	e := labelEngine(t, nil, disclosure.WithAudit(rec))
	record := readRecord(t, "testdata/fhir/Observation-text-only.json")
	r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
	r.Patient = "Patient/pat1"
	rel, err := e.Release(context.Background(), r, record)
	require.NoError(t, err)
	assert.Nil(t, rel.Record, "nothing of an unchecked record leaves while HIV is withheld")
	assert.Equal(t, []disclosure.ResourceLabel{{Resource: "Observation/text-only", Status: label.Incomplete, Withheld: true}}, rel.Labels)
	events := rec.all()
	require.Len(t, events, 1)
	assert.Equal(t, audit.TypeDecision, events[0].Type)
}

func TestReleaseLabelerRefusals(t *testing.T) {
	deep := map[string]any{"resourceType": "Observation", "id": "deep", "subject": map[string]any{"reference": "Patient/pat2"}}
	inner := deep
	for range label.MaxDepth + 2 {
		next := map[string]any{}
		inner["extension"] = []any{next}
		inner = next
	}
	tests := []struct {
		name   string
		engine func(t *testing.T, rec *recorder) *disclosure.Engine
		record map[string]any
		want   error
	}{
		{
			name: "no categories and no category for unlabelled data",
			engine: func(t *testing.T, rec *recorder) *disclosure.Engine {
				return newEngine(t, permitAll, disclosure.WithAudit(rec), disclosure.WithLabeler(label.Default(), ""))
			},
			record: readRecord(t, "testdata/fhir/Bundle-lipids.json"),
			want:   disclosure.ErrInvalidRequest,
		},
		{
			name: "a record the labeler cannot read",
			engine: func(t *testing.T, rec *recorder) *disclosure.Engine {
				return labelEngine(t, nil, disclosure.WithAudit(rec))
			},
			record: deep,
			want:   disclosure.ErrInvalidRecord,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			rel, err := tt.engine(t, rec).Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), tt.record)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, rel.Record)
			assert.Empty(t, rec.all(), "nothing was decided")
		})
	}
}

// TestReleaseLabelerUncheckedResourceThatCannotBeLabelled checks that an
// unchecked resource whose meta cannot take the label that withholds it
// fails the release, on record, rather than leave.
func TestReleaseLabelerUncheckedResourceThatCannotBeLabelled(t *testing.T) {
	rec := &recorder{}
	e := labelEngine(t, nil, disclosure.WithAudit(rec))
	record := lipidsWith(t, "Observation-text-only.json")
	record["entry"].([]any)[5].(map[string]any)["resource"].(map[string]any)["meta"] = "not an object"
	rel, err := e.Release(context.Background(), lipidsParty("provider", "Organization/clinic", consent.Treatment), record)
	require.ErrorIs(t, err, disclosure.ErrInvalidRecord)
	assert.Contains(t, err.Error(), "entry[5].resource (Observation/text-only): meta is not an object")
	assert.Nil(t, rel.Record)
	events := rec.all()
	require.Len(t, events, 1)
	assert.Equal(t, audit.TypeDecision, events[0].Type, "the refusal is on record")
}

func TestNewLabelerOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []disclosure.Option
		want string
	}{
		{"nil labeler", []disclosure.Option{disclosure.WithLabeler(nil, consent.Laboratory)}, "WithLabeler: the labeler is nil"},
		{"unchecked release without a labeler", []disclosure.Option{disclosure.WithUncheckedRelease()}, "WithUncheckedRelease needs WithLabeler"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := disclosure.New(disclosure.HIPAA(), append(tt.opts, disclosure.WithAudit(audit.Discard))...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestReleaseLabelerKeepsTheCallersCategories checks that adding the
// categories found never writes into the array the caller passed.
func TestReleaseLabelerKeepsTheCallersCategories(t *testing.T) {
	e := labelEngine(t, nil)
	backing := []consent.Category{"LAB", "spare"}
	r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
	r.Categories = backing[:1]
	_, err := e.Release(context.Background(), r, lipidsWith(t, "Observation-hiv-viral-load.json"))
	require.NoError(t, err)
	assert.Equal(t, []consent.Category{"LAB", "spare"}, backing)
}

// TestReleaseLabelerConcurrent releases from parallel goroutines through
// one engine: the shared labeler and the record are only read.
func TestReleaseLabelerConcurrent(t *testing.T) {
	e := labelEngine(t, disclosure.StateSensitive())
	record := lipidsWith(t, "Observation-hiv-viral-load.json", "MedicationRequest-buprenorphine.json")
	r := lipidsParty("health-plan", "Organization/plan", consent.Payment)
	want, err := e.Release(context.Background(), r, record)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got, err := e.Release(context.Background(), r, record)
				if err != nil {
					errs <- err
					return
				}
				if !slices.Equal(got.Resources, want.Resources) || len(got.Labels) != 2 {
					errs <- errors.New("a concurrent release differs")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	assert.NotContains(t, want.Resources, "Observation/hiv-vl")
}

func BenchmarkReleaseLabeler(b *testing.B) {
	labeler := []disclosure.Option{disclosure.WithLabeler(label.Default(), consent.Laboratory)}
	for _, bc := range []struct {
		name  string
		opts  []disclosure.Option
		extra []string // fixtures added to the lipids Bundle
	}{
		{"without", nil, nil},
		{"with", labeler, nil},
		// An HIV result (permitted for treatment): the labelled copy.
		{"with/HIV", labeler, []string{"Observation-hiv-viral-load.json"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e, err := disclosure.New(disclosure.HIPAA(), append(bc.opts, disclosure.WithAudit(&discard{}))...)
			require.NoError(b, err)
			record := lipidsWith(b, bc.extra...)
			r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
			r.Categories = []consent.Category{consent.Laboratory}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				rel, err := e.Release(ctx, r, record)
				if err != nil || rel.Record == nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func securityCodes(res map[string]any) []string {
	var out []string
	meta, _ := res["meta"].(map[string]any)
	sec, _ := meta["security"].([]any)
	for _, s := range sec {
		out = append(out, s.(map[string]any)["code"].(string))
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// FuzzReleaseLabeler releases random records for Patient/pat2 for
// treatment under the built-in policy, with the shipped labeler and no
// category listed. Whatever leaves holds no category that was not
// permitted and no clinical resource whose codes could not all be checked
// (protected categories the labeler never finds, such as PSYTHPN, are
// never requested, so always withheld), and the caller's record is never
// modified.
func FuzzReleaseLabeler(f *testing.F) {
	addFixtures(f)
	for _, extra := range []string{"Observation-hiv-viral-load.json", "MedicationRequest-buprenorphine.json", "Observation-text-only.json"} {
		data, err := json.Marshal(lipidsWith(f, extra, "Patient-pat2.json"))
		require.NoError(f, err)
		f.Add(data)
	}
	e := labelEngine(f, nil, disclosure.WithSubjectless("full"))
	r := lipidsParty("provider", "Organization/clinic", consent.Treatment)
	f.Fuzz(func(t *testing.T, data []byte) {
		var record map[string]any
		if json.Unmarshal(data, &record) != nil {
			return
		}
		before, err := json.Marshal(record)
		require.NoError(t, err)
		rel, err := e.Release(context.Background(), r, record)
		after, merr := json.Marshal(record)
		require.NoError(t, merr)
		require.JSONEq(t, string(before), string(after), "the caller's record is not modified")
		if err != nil {
			require.Nil(t, rel.Record, "an error and a record")
			return
		}
		if rel.Record == nil {
			return
		}
		rep, err := label.Default().Classify(rel.Record)
		require.NoError(t, err, "what leaves can be read")
		for _, res := range rep.Resources {
			for _, c := range res.Categories() {
				o, ok := rel.Decision.Outcome(consent.Category(c))
				require.True(t, ok, "category %s of %s/%s left undecided", c, res.ResourceType, res.ID)
				require.Equal(t, consent.Permit, o.Effect, "category %s of %s/%s left withheld", c, res.ResourceType, res.ID)
			}
			if !res.Complete() && !clinicalFree[res.ResourceType] {
				t.Fatalf("%s/%s left with codes not all checked while protected categories are withheld", res.ResourceType, res.ID)
			}
		}
	})
}

// clinicalFree are the resource types Release never withholds as
// unchecked (see WithLabeler).
var clinicalFree = map[string]bool{
	"Patient": true, "Person": true, "RelatedPerson": true, "Practitioner": true,
	"PractitionerRole": true, "Organization": true, "Location": true,
	"Endpoint": true, "HealthcareService": true,
}
