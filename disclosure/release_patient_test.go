package disclosure_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// releasing permits LAB to a provider through the full view, to an
// employer through "codes" (no ids), and to a public health authority
// through "nothing", which keeps nothing of a resource.
const releasing = `policy: releasing
version: "3"
views:
  codes:
    keep: [resourceType, type, "entry[].resource.resourceType", "entry[].resource.code"]
  nothing:
    keep: [type]
rules:
  - {id: treatment, effect: permit, when: 'request.recipient.kind == "provider"', basis: b-treat, view: full}
  - {id: employer, effect: permit, when: 'request.recipient.kind == "employer"', basis: b-employer, view: codes, obligations: [account]}
  - {id: public-health, effect: permit, when: 'request.recipient.kind == "public-health-authority"', basis: b-ph, view: nothing, obligations: [account]}
`

// fixture reads a FHIR record of testdata/fhir, fresh for each caller.
func fixture(t testing.TB, name string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fhir", name+".json"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}

// entry returns the resource of a Bundle's i-th entry.
func entry(m map[string]any, i int) map[string]any {
	return m["entry"].([]any)[i].(map[string]any)["resource"].(map[string]any)
}

// withEntry returns b with res appended as an entry, or inserted at i.
func withEntry(b map[string]any, i int, fullURL string, res map[string]any) map[string]any {
	es := b["entry"].([]any)
	e := map[string]any{"resource": res}
	if fullURL != "" {
		e["fullUrl"] = fullURL
	}
	if i < 0 || i >= len(es) {
		i = len(es)
	}
	b["entry"] = append(es[:i:i], append([]any{e}, es[i:]...)...)
	return b
}

func ref(r string) map[string]any { return map[string]any{"reference": r} }

// pat2 asks for the LAB results of Patient/pat2.
func pat2(kind string) disclosure.Request {
	r := request(kind, consent.Treatment, "LAB")
	r.Patient = "Patient/pat2"
	return r
}

func releasingEngine(t testing.TB, opts ...disclosure.Option) (*disclosure.Engine, *recorder) {
	t.Helper()
	rec := &recorder{}
	return newEngine(t, releasing, append([]disclosure.Option{disclosure.WithAudit(rec)}, opts...)...), rec
}

// lipids is the lipids Bundle of Patient/pat2: entries DiagnosticReport/lipids,
// Observation/cholesterol, triglyceride, hdlcholesterol, ldlcholesterol.
func lipids(t testing.TB) map[string]any { return fixture(t, "Bundle-lipids") }

func TestReleaseRefusesAnotherPatientsRecord(t *testing.T) {
	tests := []struct {
		name   string
		record func(t testing.TB) map[string]any
		where  string // what the error names
	}{
		{"an Observation of another patient", func(t testing.TB) map[string]any { return fixture(t, "Observation-f001") },
			"Observation/f001: subject is Patient/f001, not the request's patient pat2"},
		{"a Bundle of another patient", func(t testing.TB) map[string]any { return fixture(t, "Bundle-f001") },
			"entry[0] DiagnosticReport/f001: subject is Patient/f001"},
		{"the Patient resource of another patient", func(t testing.TB) map[string]any { return fixture(t, "Patient-f001") },
			"Patient/f001: the Patient is not the request's patient pat2"},
		{"a Patient without id", func(testing.TB) map[string]any {
			return map[string]any{"resourceType": "Patient", "name": []any{map[string]any{"family": "van de Heuvel"}}}
		}, "Patient: the Patient has no id"},
		{"a Patient whose id is not a FHIR id", func(testing.TB) map[string]any {
			return map[string]any{"resourceType": "Patient", "id": "P. van de Heuvel"}
		}, "Patient: the Patient has no id (or not a FHIR id)"},
		{"one foreign entry among the patient's results", func(t testing.TB) map[string]any {
			return withEntry(lipids(t), 3, "https://example.com/base/Observation/f001", fixture(t, "Observation-f001"))
		}, "entry[3] Observation/f001: subject is Patient/f001"},
		{"a foreign entry last", func(t testing.TB) map[string]any {
			return withEntry(lipids(t), -1, "", fixture(t, "Patient-f001"))
		}, "entry[5] Patient/f001"},
		{"an absolute URL reference", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 2)["subject"] = ref("https://example.com/fhir/Patient/f001")
			return b
		}, "entry[2] Observation/triglyceride: subject is Patient/f001"},
		{"a versioned reference", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 1)["subject"] = ref("Patient/f001/_history/2")
			return b
		}, "entry[1] Observation/cholesterol: subject is Patient/f001"},
		{"a contained resource of another patient", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 4)["contained"] = []any{fixture(t, "Observation-f001")}
			return b
		}, "entry[4] Observation/ldlcholesterol, contained[0] Observation/f001: subject is Patient/f001"},
		{"a contained Patient", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 0)["contained"] = []any{fixture(t, "Patient-pat2")}
			return b
		}, "contained[0] Patient/pat2: a contained Patient has no identity of its own"},
		{"a reference by identifier only", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 0)["subject"] = map[string]any{"identifier": map[string]any{"value": "738472983"}, "display": "P. van de Heuvel"}
			return b
		}, "entry[0] DiagnosticReport/lipids: subject has no literal reference"},
		{"a reference to a contained resource", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 0)["subject"] = ref("#p1")
			return b
		}, "subject refers to a contained resource"},
		{"a URN naming another patient's entry", func(t testing.TB) map[string]any {
			b := withEntry(lipids(t), -1, "urn:uuid:0d1c2b3a-0000-4000-8000-000000000001", fixture(t, "Patient-f001"))
			entry(b, 0)["subject"] = ref("urn:uuid:0d1c2b3a-0000-4000-8000-000000000001")
			return b
		}, "entry[0] DiagnosticReport/lipids: subject refers to an entry of the Bundle that is not the request's patient"},
		{"a URN no entry resolves", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 0)["subject"] = ref("urn:uuid:0d1c2b3a-0000-4000-8000-000000000002")
			return b
		}, "subject is not a reference to a Patient"},
		{"a fullUrl naming another patient", func(t testing.TB) map[string]any {
			return withEntry(lipids(t), 0, "https://example.com/base/Patient/f001", fixture(t, "Patient-pat2"))
		}, "entry[0] Patient/pat2: fullUrl is Patient/f001"},
		{"a subject that is a Group", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 3)["subject"] = ref("Group/102")
			return b
		}, "entry[3] Observation/hdlcholesterol: subject is not a reference to a Patient"},
		{"a Coverage of another beneficiary", func(t testing.TB) map[string]any {
			return map[string]any{"resourceType": "Coverage", "id": "9876", "beneficiary": ref("Patient/f001")}
		}, "Coverage/9876: beneficiary is Patient/f001"},
		{"a ResearchSubject of another individual", func(t testing.TB) map[string]any {
			return map[string]any{"resourceType": "ResearchSubject", "id": "rs1", "individual": ref("Patient/f001")}
		}, "ResearchSubject/rs1: individual is Patient/f001"},
		{"an AllergyIntolerance of another patient", func(t testing.TB) map[string]any {
			return map[string]any{"resourceType": "AllergyIntolerance", "id": "a1", "patient": ref("Patient/f001")}
		}, "AllergyIntolerance/a1: patient is Patient/f001"},
		{"a list of subjects, one foreign", func(t testing.TB) map[string]any {
			return map[string]any{"resourceType": "Account", "id": "acc", "subject": []any{ref("Patient/pat2"), ref("Patient/f001")}}
		}, "Account/acc: subject is Patient/f001"},
		{"a Bundle inside the Bundle", func(t testing.TB) map[string]any {
			return withEntry(lipids(t), 1, "", fixture(t, "Bundle-f001"))
		}, "entry[1] Bundle/f001, entry[0] DiagnosticReport/f001: subject is Patient/f001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rec := releasingEngine(t)
			rel, err := e.Release(context.Background(), pat2("provider"), tt.record(t))
			require.ErrorIs(t, err, disclosure.ErrWrongPatient)
			assert.Contains(t, err.Error(), tt.where)
			assert.NotContains(t, err.Error(), "Heuvel", "the error carries IDs, never names")
			assert.Nil(t, rel.Record)
			assert.Empty(t, rel.Resources)
			assert.False(t, rel.Decision.Allowed())
			require.Len(t, rel.Decision.Outcomes, 1)
			assert.Equal(t, disclosure.PatientRule, rel.Decision.Outcomes[0].Rule)
			assert.Equal(t, consent.Deny, rel.Decision.Outcomes[0].Effect)

			events := rec.all()
			require.Len(t, events, 1, "the refusal is on record")
			assert.Equal(t, audit.TypeDecision, events[0].Type)
			assert.Equal(t, audit.OutcomeDeny, events[0].Outcome)
			assert.Equal(t, rel.Decision.ID, events[0].ID)
			assert.Equal(t, "Patient/pat2", events[0].Patient)
			assert.Equal(t, disclosure.PatientRule, events[0].Rule)
			assert.Empty(t, events[0].Resources)
		})
	}
}

// TestReleaseRefusesAnotherPatientEvenWhenNothingIsPermitted checks that
// a misfiled record is reported whatever the decision.
func TestReleaseRefusesAnotherPatientEvenWhenNothingIsPermitted(t *testing.T) {
	e, rec := releasingEngine(t)
	rel, err := e.Release(context.Background(), pat2("employer-of-nobody"), fixture(t, "Observation-f001"))
	require.ErrorIs(t, err, disclosure.ErrWrongPatient)
	assert.Nil(t, rel.Record)
	require.Len(t, rec.all(), 1)
	assert.Equal(t, audit.TypeDecision, rec.all()[0].Type)
}

func TestReleaseAcceptsThePatientHoweverNamed(t *testing.T) {
	all := []string{"DiagnosticReport/lipids", "Observation/cholesterol", "Observation/triglyceride", "Observation/hdlcholesterol", "Observation/ldlcholesterol"}
	tests := []struct {
		name    string
		patient string
		record  func(t testing.TB) map[string]any
		want    []string
	}{
		{"ID", "pat2", lipids, all},
		{"Patient/ID", "Patient/pat2", lipids, all},
		{"an absolute URL on the request", "https://example.com/fhir/Patient/pat2", lipids, all},
		{"absolute and versioned URLs in the record", "Patient/pat2", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 0)["subject"] = ref("https://example.com/fhir/Patient/pat2")
			entry(b, 1)["subject"] = ref("Patient/pat2/_history/7")
			entry(b, 2)["subject"] = ref("http://example.org/Patient/pat2/_history/1")
			return b
		}, all},
		{"the Patient resource", "Patient/pat2", func(t testing.TB) map[string]any { return fixture(t, "Patient-pat2") }, []string{"Patient/pat2"}},
		{"a URN resolving to the patient's entry", "pat2", func(t testing.TB) map[string]any {
			b := withEntry(lipids(t), -1, "urn:uuid:0d1c2b3a-0000-4000-8000-000000000003", fixture(t, "Patient-pat2"))
			entry(b, 0)["subject"] = ref("urn:uuid:0d1c2b3a-0000-4000-8000-000000000003")
			return b
		}, append(append([]string{}, all...), "Patient/pat2")},
		{"a contained resource of the patient", "pat2", func(t testing.TB) map[string]any {
			b := lipids(t)
			entry(b, 0)["contained"] = []any{map[string]any{"resourceType": "Practitioner", "id": "pr"}, map[string]any{"resourceType": "Specimen", "id": "s", "subject": ref("Patient/pat2")}}
			return b
		}, all},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rec := releasingEngine(t)
			r := pat2("provider")
			r.Patient = tt.patient
			rel, err := e.Release(context.Background(), r, tt.record(t))
			require.NoError(t, err)
			require.NotNil(t, rel.Record)
			assert.Equal(t, tt.want, rel.Resources)
			require.Len(t, rec.all(), 1)
			assert.Equal(t, audit.TypeDisclosure, rec.all()[0].Type)
			assert.Equal(t, tt.want, rec.all()[0].Resources)
		})
	}
}

func TestReleaseRequestPatientForm(t *testing.T) {
	e, rec := releasingEngine(t)
	for _, p := range []string{"Group/pat2", "Patient/", "pat 2", "https://example.com/Patient/pat2?x=1", "urn:uuid:1"} {
		r := pat2("provider")
		r.Patient = p
		rel, err := e.Release(context.Background(), r, lipids(t))
		require.ErrorIs(t, err, disclosure.ErrInvalidRequest, p)
		assert.Contains(t, err.Error(), "Patient is not an ID")
		assert.Nil(t, rel.Record)
		_, err = e.Decide(context.Background(), r)
		require.ErrorIs(t, err, disclosure.ErrInvalidRequest, p)
	}
	assert.Empty(t, rec.all())
}

func TestReleaseRefusesWhatIsNotFHIR(t *testing.T) {
	nest := func(depth int) map[string]any {
		b := fixture(t, "Observation-f001")
		entry := b
		entry["subject"] = ref("Patient/pat2")
		for range depth {
			entry = map[string]any{"resourceType": "Bundle", "entry": []any{map[string]any{"resource": entry}}}
		}
		return entry
	}
	tests := []struct {
		name   string
		record map[string]any
		where  string
	}{
		{"nil", nil, "the record is nil"},
		{"empty", map[string]any{}, "the record: no resourceType"},
		{"a map that is not FHIR", map[string]any{"status": "final", "valueString": "Reactive"}, "the record: no resourceType"},
		{"a resourceType that is not a string", map[string]any{"resourceType": 7, "subject": ref("Patient/pat2")}, "no resourceType"},
		{"a resourceType that is not a type", map[string]any{"resourceType": "observation", "subject": ref("Patient/pat2")}, "no resourceType"},
		{"entry not a list", map[string]any{"resourceType": "Bundle", "entry": map[string]any{}}, "Bundle: entry is not a list"},
		{"an entry not an object", map[string]any{"resourceType": "Bundle", "entry": []any{"x"}}, "entry[0]: not an object"},
		{"an entry without resource", map[string]any{"resourceType": "Bundle", "entry": []any{map[string]any{"fullUrl": "urn:x"}}}, "entry[0]: no resource"},
		{"an entry resource without resourceType", map[string]any{"resourceType": "Bundle", "entry": []any{map[string]any{"resource": map[string]any{"id": "x"}}}}, "entry[0]: no resourceType"},
		{"a subject that is a string", map[string]any{"resourceType": "Observation", "id": "o", "subject": "Patient/pat2"}, "Observation/o: subject is not a Reference"},
		{"a subject list holding a string", map[string]any{"resourceType": "Account", "subject": []any{"Patient/pat2"}}, "Account: subject is not a list of References"},
		{"contained not a list", map[string]any{"resourceType": "Observation", "subject": ref("Patient/pat2"), "contained": map[string]any{}}, "contained is not a list"},
		{"a contained element not an object", map[string]any{"resourceType": "Observation", "subject": ref("Patient/pat2"), "contained": []any{1}}, "contained[0]: not a resource"},
		{"Bundles nested too deep", nest(9), "nest deeper than 8"},
		{"a resource that contains itself", func() map[string]any {
			m := map[string]any{"resourceType": "Observation", "id": "loop", "subject": ref("Patient/pat2")}
			m["contained"] = []any{m}
			return m
		}(), "nest deeper than 8"},
		{"a Bundle that holds itself", func() map[string]any {
			m := map[string]any{"resourceType": "Bundle", "id": "loop"}
			m["entry"] = []any{map[string]any{"resource": m}}
			return m
		}(), "nest deeper than 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rec := releasingEngine(t)
			rel, err := e.Release(context.Background(), pat2("provider"), tt.record)
			require.ErrorIs(t, err, disclosure.ErrInvalidRecord)
			assert.Contains(t, err.Error(), tt.where)
			assert.Nil(t, rel.Record)
			assert.Empty(t, rel.Decision.ID, "nothing was decided")
			assert.Empty(t, rec.all(), "a record that is not FHIR is a defect of the caller, not an event")
		})
	}
	t.Run("nested as deep as allowed", func(t *testing.T) {
		e, _ := releasingEngine(t)
		rel, err := e.Release(context.Background(), pat2("provider"), nest(8))
		require.NoError(t, err)
		assert.NotNil(t, rel.Record)
	})
}

func TestReleaseSubjectless(t *testing.T) {
	record := func(t testing.TB) map[string]any {
		return withEntry(lipids(t), -1, "https://example.com/base/Practitioner/pr1", map[string]any{"resourceType": "Practitioner", "id": "pr1", "name": []any{map[string]any{"family": "Langeveld"}}})
	}
	tests := []struct {
		name    string
		opts    []disclosure.Option
		kind    string
		wantErr error
	}{
		{"refused by default", nil, "provider", disclosure.ErrNoSubject},
		{"declared for the view released through", []disclosure.Option{disclosure.WithSubjectless("full")}, "provider", nil},
		{"declared for another view", []disclosure.Option{disclosure.WithSubjectless("codes")}, "provider", disclosure.ErrNoSubject},
		{"declared for the employer's view", []disclosure.Option{disclosure.WithSubjectless("codes", "nothing")}, "employer", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rec := releasingEngine(t, tt.opts...)
			rel, err := e.Release(context.Background(), pat2(tt.kind), record(t))
			events := rec.all()
			require.Len(t, events, 1)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), "entry[5] Practitioner/pr1")
				assert.NotContains(t, err.Error(), "Langeveld")
				assert.Nil(t, rel.Record)
				assert.Equal(t, audit.TypeDecision, events[0].Type)
				assert.Equal(t, disclosure.PatientRule, events[0].Rule)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, rel.Record)
			assert.Equal(t, "Practitioner/pr1", rel.Resources[len(rel.Resources)-1])
			assert.Equal(t, audit.TypeDisclosure, events[0].Type)
		})
	}
	t.Run("a view the policy lacks", func(t *testing.T) {
		p, err := disclosure.ParsePolicy([]byte(releasing))
		require.NoError(t, err)
		_, err = disclosure.New(p, disclosure.WithAudit(audit.Discard), disclosure.WithSubjectless("ful"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), `no view "ful"`)
	})
}

func TestReleaseThatKeepsNothingIsADecision(t *testing.T) {
	observation := func(t testing.TB) map[string]any {
		o := fixture(t, "Observation-f001")
		o["subject"] = ref("Patient/pat2")
		return o
	}
	tests := []struct {
		name   string
		kind   string
		record func(t testing.TB) map[string]any
	}{
		{"a view that keeps no entry", "public-health-authority", lipids},
		{"a view that keeps nothing of a resource", "public-health-authority", observation},
		{"a Bundle without entries", "provider", func(testing.TB) map[string]any {
			return map[string]any{"resourceType": "Bundle", "id": "empty", "type": "searchset", "total": 0}
		}},
		{"a Bundle whose every entry is withheld", "provider", func(t testing.TB) map[string]any {
			b := lipids(t)
			for i := range 5 {
				entry(b, i)["meta"] = map[string]any{"security": []any{map[string]any{"code": "HIV"}}}
			}
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rec := releasingEngine(t)
			rel, err := e.Release(context.Background(), pat2(tt.kind), tt.record(t))
			require.NoError(t, err)
			assert.True(t, rel.Decision.Allowed(), "permitted, yet nothing of the record is kept")
			assert.Nil(t, rel.Record)
			assert.Empty(t, rel.Fields)
			assert.Empty(t, rel.Resources)
			events := rec.all()
			require.Len(t, events, 1)
			assert.Equal(t, audit.TypeDecision, events[0].Type, "a release that keeps nothing is not a disclosure")
			assert.Empty(t, events[0].Resources)
		})
	}
}

func TestReleaseListsTheResourcesReleased(t *testing.T) {
	hiv := func(b map[string]any, i int) map[string]any {
		entry(b, i)["meta"] = map[string]any{"security": []any{map[string]any{"code": "HIV"}}}
		return b
	}
	tests := []struct {
		name   string
		kind   string
		record func(t testing.TB) map[string]any
		want   []string
	}{
		{"every entry", "provider", lipids, []string{"DiagnosticReport/lipids", "Observation/cholesterol", "Observation/triglyceride", "Observation/hdlcholesterol", "Observation/ldlcholesterol"}},
		{"an entry withheld", "provider", func(t testing.TB) map[string]any { return hiv(lipids(t), 2) },
			[]string{"DiagnosticReport/lipids", "Observation/cholesterol", "Observation/hdlcholesterol", "Observation/ldlcholesterol"}},
		{"entries withheld under a view that drops ids", "employer", func(t testing.TB) map[string]any { return hiv(hiv(lipids(t), 0), 3) },
			[]string{"Observation/cholesterol", "Observation/triglyceride", "Observation/ldlcholesterol"}},
		{"a resource", "provider", func(t testing.TB) map[string]any {
			o := fixture(t, "Observation-f001")
			o["subject"] = ref("Patient/pat2")
			return o
		}, []string{"Observation/f001"}},
		{"a resource without id", "provider", func(t testing.TB) map[string]any {
			return map[string]any{"resourceType": "Observation", "subject": ref("Patient/pat2"), "status": "final"}
		}, []string{"Observation"}},
		{"an id that is not a FHIR id", "provider", func(t testing.TB) map[string]any {
			return map[string]any{"resourceType": "Observation", "id": "P. van de Heuvel", "subject": ref("Patient/pat2")}
		}, []string{"Observation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rec := releasingEngine(t)
			rel, err := e.Release(context.Background(), pat2(tt.kind), tt.record(t))
			require.NoError(t, err)
			require.NotNil(t, rel.Record)
			assert.Equal(t, tt.want, rel.Resources)
			if es, ok := rel.Record["entry"].([]any); ok {
				assert.Len(t, es, len(tt.want), "one resource listed per entry released")
			}
			require.Len(t, rec.all(), 1)
			assert.Equal(t, tt.want, rec.all()[0].Resources)
		})
	}
}
