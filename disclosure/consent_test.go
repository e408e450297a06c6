package disclosure_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/audit/audittest"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// consentPolicy reads the consent contract and nothing else: a restriction
// denies, a valid authorization permits, a directive opts a provider in.
const consentPolicy = `
policy: consent-contract
rules:
  - {id: restricted, effect: deny, when: 'consent.denies'}
  - {id: authorized, effect: permit, basis: "45 CFR 164.508", view: full, when: 'consent .permits'}
  - {id: opted-in, effect: permit, basis: "treatment exchange", view: full, when: 'consent.opted_in && request.recipient.kind == "provider"'}
`

// consentAt is an instant the test consents are in force.
var consentAt = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func readConsent(tb testing.TB, path string) consent.Consent {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", path))
	require.NoError(tb, err)
	c, err := consent.ParseFHIR(data)
	require.NoError(tb, err, path)
	return c
}

func consentEngine(tb testing.TB, policy []byte, cs ...consent.Consent) (*disclosure.Engine, *audittest.Recorder) {
	tb.Helper()
	p, err := disclosure.ParsePolicy(policy)
	require.NoError(tb, err)
	s := consent.NewMemoryStore()
	for _, c := range cs {
		require.NoError(tb, s.Put(context.Background(), c))
	}
	rec := audittest.NewRecorder()
	e, err := disclosure.New(p, disclosure.WithConsents(s), disclosure.WithAudit(rec))
	require.NoError(tb, err)
	return e, rec
}

func pat2Request(kind string, cats ...consent.Category) disclosure.Request {
	return disclosure.Request{
		Patient:    "Patient/pat2",
		Requester:  consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
		Recipient:  consent.Party{ID: "Organization/acme", Kind: kind},
		Purpose:    consent.PatientRequest,
		Categories: cats,
		Time:       consentAt,
	}
}

// lipidsWithPatient is the lipids Bundle with the patient's own resource,
// identifiers and all, as its first entry, a MedicationRequest of the
// patient as its last, and a total.
func lipidsWithPatient(tb testing.TB) map[string]any {
	tb.Helper()
	read := func(name string) map[string]any {
		data, err := os.ReadFile(filepath.Join("testdata", "fhir", name))
		require.NoError(tb, err)
		var m map[string]any
		require.NoError(tb, json.Unmarshal(data, &m))
		return m
	}
	b := read("Bundle-lipids.json")
	entries := b["entry"].([]any)
	med := read("MedicationRequest-buprenorphine.json")
	med["subject"] = map[string]any{"reference": "Patient/pat2"}
	all := append([]any{map[string]any{"fullUrl": "http://acme.com/Patient/pat2", "resource": read("Patient-pat2.json")}}, entries...)
	all = append(all, map[string]any{"fullUrl": "http://acme.com/MedicationRequest/bup", "resource": med})
	b["entry"] = all
	b["total"] = float64(len(all))
	return b
}

func entryIDs(record map[string]any) []string {
	var out []string
	entries, _ := record["entry"].([]any)
	for _, e := range entries {
		res := e.(map[string]any)["resource"].(map[string]any)
		out = append(out, res["resourceType"].(string)+"/"+res["id"].(string))
	}
	return out
}

func TestReleaseKeepsToTheConsentScope(t *testing.T) {
	all := []string{"Patient/pat2", "DiagnosticReport/lipids", "Observation/cholesterol", "Observation/triglyceride", "Observation/hdlcholesterol", "Observation/ldlcholesterol", "MedicationRequest/bup"}
	tests := []struct {
		file     string
		released []string
	}{
		{"auth-whole.json", all},
		{"auth-class.json", all[1:6]},
		{"auth-code.json", []string{"Observation/cholesterol"}},
		{"auth-data.json", []string{"Observation/triglyceride"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := readConsent(t, filepath.Join("consents", tt.file))
			e, rec := consentEngine(t, []byte(consentPolicy), c)
			record := lipidsWithPatient(t)
			rel, err := e.Release(context.Background(), pat2Request("employer", consent.Laboratory), record)
			require.NoError(t, err)
			require.True(t, rel.Decision.Allowed())
			o := rel.Decision.Outcomes[0]
			assert.Equal(t, c.ID, o.ConsentID)
			assert.Equal(t, tt.released, entryIDs(rel.Record))
			assert.Equal(t, tt.released, rel.Resources, "the audit names exactly what left")
			assert.Equal(t, float64(len(tt.released)), toFloat(rel.Record["total"]), "Bundle.total counts what is released")
			withheld := slices.DeleteFunc(slices.Clone(all), func(id string) bool { return slices.Contains(tt.released, id) })
			if len(withheld) == 0 {
				assert.Nil(t, o.Scope)
				assert.Empty(t, o.Withheld)
			} else {
				require.NotNil(t, o.Scope)
				assert.Equal(t, c.ID, o.Scope.ConsentID)
				assert.Equal(t, withheld, o.Withheld, "every resource withheld is named")
			}
			assert.Len(t, record["entry"], len(all), "the input is not modified")
			events := rec.Events()
			require.NotEmpty(t, events)
			assert.Equal(t, c.ID, events[len(events)-1].ConsentID)
		})
	}
}

func toFloat(v any) float64 {
	switch v := v.(type) {
	case float64:
		return v
	case int:
		return float64(v)
	}
	return -1
}

func TestReleaseBareResourceOutsideScope(t *testing.T) {
	c := readConsent(t, "consents/auth-class.json")
	e, _ := consentEngine(t, []byte(consentPolicy), c)
	data, err := os.ReadFile("testdata/fhir/Patient-pat2.json")
	require.NoError(t, err)
	var patient map[string]any
	require.NoError(t, json.Unmarshal(data, &patient))
	rel, err := e.Release(context.Background(), pat2Request("employer", consent.Laboratory), patient)
	require.NoError(t, err)
	assert.Nil(t, rel.Record, "a Patient is outside a scope of Observations and reports")
	assert.Equal(t, []string{"Patient/pat2"}, rel.Decision.Outcomes[0].Withheld)
}

func TestScopedRestrictionWithholdsOnlyItsData(t *testing.T) {
	auth := readConsent(t, "consents/auth-whole.json")
	restriction := readConsent(t, "consents/restrict-cholesterol.json")
	require.Equal(t, consent.Restriction, restriction.Kind)
	e, _ := consentEngine(t, []byte(consentPolicy), auth, restriction)
	rel, err := e.Release(context.Background(), pat2Request("employer", consent.Laboratory), lipidsWithPatient(t))
	require.NoError(t, err)
	o := rel.Decision.Outcomes[0]
	assert.Equal(t, consent.Permit, o.Effect, "the restriction of one result does not deny the category")
	assert.Equal(t, "authorized", o.Rule)
	assert.Equal(t, []string{"Observation/cholesterol"}, o.Withheld)
	assert.NotContains(t, entryIDs(rel.Record), "Observation/cholesterol")
	assert.Contains(t, entryIDs(rel.Record), "Observation/triglyceride")
}

func TestCitationsFollowTheRuleThatDecided(t *testing.T) {
	auth := readConsent(t, "consents/auth-whole.json")
	notOrg := readR4Consent(t, "Consent-consent-example-notOrg.json")
	notThis := readR4Consent(t, "Consent-consent-example-notThis.json")

	t.Run("an authorization's base deny is no restriction", func(t *testing.T) {
		e, _ := consentEngine(t, []byte(consentPolicy), auth)
		r := pat2Request("attorney", consent.Laboratory)
		r.Recipient.ID = "Organization/smith-law"
		d, err := e.Decide(context.Background(), r)
		require.NoError(t, err)
		assert.Equal(t, consent.Deny, d.Outcomes[0].Effect)
		assert.Empty(t, d.Outcomes[0].Rule, "consent.denies is false: no rule denied, none permitted")
		assert.Empty(t, d.Outcomes[0].ConsentID, "an unrelated authorization is not cited")
	})
	t.Run("a restriction denies and is cited", func(t *testing.T) {
		e, rec := consentEngine(t, []byte(consentPolicy), notOrg)
		r := pat2Request("provider", consent.Laboratory)
		r.Patient, r.Recipient.ID, r.Time = notOrg.Patient, "Organization/f001", time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
		d, err := e.Decide(context.Background(), r)
		require.NoError(t, err)
		assert.Equal(t, "restricted", d.Outcomes[0].Rule)
		assert.Equal(t, notOrg.ID, d.Outcomes[0].ConsentID)
		assert.Equal(t, notOrg.ID, rec.Events()[0].ConsentID)
	})
	t.Run("a directive opts a provider in and is cited", func(t *testing.T) {
		e, _ := consentEngine(t, []byte(consentPolicy), notThis)
		r := pat2Request("provider", consent.Laboratory)
		r.Patient, r.Time = notThis.Patient, time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
		d, err := e.Decide(context.Background(), r)
		require.NoError(t, err)
		assert.Equal(t, "opted-in", d.Outcomes[0].Rule)
		assert.Equal(t, notThis.ID, d.Outcomes[0].ConsentID)
		r.Recipient.Kind = "insurer"
		d, err = e.Decide(context.Background(), r)
		require.NoError(t, err)
		assert.False(t, d.Allowed(), "a directive authorizes no third party")
	})
}

func readR4Consent(tb testing.TB, name string) consent.Consent {
	tb.Helper()
	return readConsent(tb, filepath.Join("..", "..", "consent", "testdata", "fhir", "r4", name))
}

func TestHIPAADirectiveIsNoAuthorization(t *testing.T) {
	notThis := readR4Consent(t, "Consent-consent-example-notThis.json")
	s := consent.NewMemoryStore()
	require.NoError(t, s.Put(context.Background(), notThis))
	e, err := disclosure.New(disclosure.HIPAA(), disclosure.WithConsents(s), disclosure.WithAudit(audit.Discard))
	require.NoError(t, err)
	when := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		kind    string
		purpose consent.Purpose
		attrs   map[string]any
	}{
		{"a life insurer", "insurer", consent.PatientRequest, nil},
		{"a data broker buying", "business-associate", consent.Operations, map[string]any{"sale_of_phi": true}},
		{"marketing", "business-associate", consent.Marketing, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := disclosure.Request{
				Patient: notThis.Patient, Requester: consent.Party{ID: "Practitioner/clerk", Kind: "workforce"},
				Recipient: consent.Party{ID: "Organization/x", Kind: tt.kind}, Purpose: tt.purpose,
				Categories: []consent.Category{consent.Laboratory}, Time: when, Attributes: tt.attrs,
			}
			d, err := e.Decide(context.Background(), r)
			require.NoError(t, err)
			assert.False(t, d.Allowed())
			assert.Empty(t, d.Outcomes[0].ConsentID)
		})
	}
}

func TestInvalidAuthorizationIsNotReliedOn(t *testing.T) {
	c := readConsent(t, "consents/auth-whole.json")
	c.Signed = time.Time{}
	c.Period.End = time.Time{}
	require.Error(t, c.Validate())
	e, _ := consentEngine(t, []byte(consentPolicy), c)
	d, err := e.Decide(context.Background(), pat2Request("employer", consent.Laboratory))
	require.NoError(t, err)
	assert.False(t, d.Allowed(), "an authorization that fails Validate authorizes nothing")
	var step *disclosure.Step
	for i := range d.Trace {
		if d.Trace[i].Rule == disclosure.ConsentValidation {
			step = &d.Trace[i]
		}
	}
	require.NotNil(t, step, "the trace says why the authorization was not relied on")
	assert.Equal(t, c.ID, step.ConsentID)
	assert.Contains(t, step.Err, "Signed")
	assert.Contains(t, step.String(), "not relied on")
}

func TestRestrictionsOfTheR4OptOutExamples(t *testing.T) {
	when := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		file      string
		recipient string
		purpose   consent.Purpose
		denied    bool
	}{
		{"Consent-consent-example-Out.json", "Organization/anyone", consent.Treatment, true},
		{"Consent-consent-example-Emergency.json", "Organization/er", consent.EmergencyTreatment, true},
		{"Consent-consent-example-Emergency.json", "Organization/er", consent.Treatment, false},
		{"Consent-consent-example-grantor.json", "Patient/example", consent.PatientRequest, true},
		{"Consent-consent-example-grantor.json", "Organization/other", consent.PatientRequest, false},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.recipient+" "+string(tt.purpose), func(t *testing.T) {
			c := readR4Consent(t, tt.file)
			require.Equal(t, consent.Restriction, c.Kind)
			e, _ := consentEngine(t, []byte(consentPolicy), c)
			r := pat2Request("provider", consent.Laboratory)
			r.Patient, r.Recipient.ID, r.Purpose, r.Time = c.Patient, tt.recipient, tt.purpose, when
			d, err := e.Decide(context.Background(), r)
			require.NoError(t, err)
			o := d.Outcomes[0]
			if tt.denied {
				assert.Equal(t, "restricted", o.Rule)
				assert.Equal(t, c.ID, o.ConsentID)
			} else {
				assert.NotEqual(t, "restricted", o.Rule)
				assert.Empty(t, o.ConsentID)
			}
		})
	}
}

func TestScopedReleaseBetraysNothingWithheld(t *testing.T) {
	c := readConsent(t, "consents/auth-data.json")
	e, _ := consentEngine(t, []byte(consentPolicy), c)
	record := lipidsWithPatient(t)
	record["link"] = []any{map[string]any{"relation": "next", "url": "http://acme.com/fhir?page=2"}}
	rel, err := e.Release(context.Background(), pat2Request("employer", consent.Laboratory), record)
	require.NoError(t, err)
	require.Equal(t, []string{"Observation/triglyceride"}, entryIDs(rel.Record))
	out, err := json.Marshal(rel.Record)
	require.NoError(t, err)
	assert.NotContains(t, string(out), `"reference":"Patient/pat2"`, "no reference to a withheld entry is left")
	assert.NotContains(t, string(out), `"subject"`)
	assert.NotContains(t, string(out), "page=2", "no paging link counts what was withheld")
	assert.Equal(t, float64(1), toFloat(rel.Record["total"]))

	in, err := json.Marshal(record)
	require.NoError(t, err)
	assert.Contains(t, string(in), `"reference":"Patient/pat2"`, "the input record is not modified")
}
