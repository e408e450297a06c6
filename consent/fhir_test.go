package consent_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/consent"
)

func TestParseFHIRFixturesRoundTrip(t *testing.T) {
	paths := append(fixtures(t, "fhir/r4/*.json"), fixtures(t, "fhir/custodian/*.json")...)
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c := parseFile(t, path)
			out, err := c.MarshalFHIR()
			require.NoError(t, err)
			golden(t, filepath.Join("golden", "marshal", filepath.Base(path)), out)

			back, err := consent.ParseFHIR(out)
			require.NoError(t, err)
			require.Equal(t, c, back)

			again, err := back.MarshalFHIR()
			require.NoError(t, err)
			require.Equal(t, string(out), string(again), "marshal is stable")
		})
	}
}

func TestParseFHIRFixtureMapping(t *testing.T) {
	t.Run("basic: base decision from policyRule OPTIN, root period is the consent's", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-basic.json")
		assert.Equal(t, "consent-example-basic", c.ID)
		assert.Equal(t, "Patient/f001", c.Patient)
		assert.Equal(t, consent.Active, c.Status)
		assert.Equal(t, consent.Permit, c.Provision.Effect)
		assert.Equal(t, consent.Period{Start: day(1964, 1, 1), End: day(2016, 1, 2)}, c.Period)
		assert.Equal(t, day(2016, 5, 11), c.Signed)
		assert.Equal(t, []consent.Party{{ID: "Organization/f001"}}, c.Disclosers)
		assert.Equal(t, "P. van de Heuvel", c.FHIR.PatientDisplay)
		assert.Contains(t, c.FHIR.Elements, "sourceAttachment")
		assert.Contains(t, c.FHIR.Elements, "text")
	})
	t.Run("Out: OPTOUT is a base deny; a custodian is not a recipient", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-Out.json")
		assert.Equal(t, consent.Deny, c.Provision.Effect)
		assert.Empty(t, c.Provision.Recipients)
		require.Len(t, c.Provision.Actors, 1)
		assert.Equal(t, "CST", c.Provision.Actors[0].Role.Code)
		assert.Equal(t, "Organization/f001", c.Provision.Actors[0].Reference)
	})
	t.Run("notOrg: root type wins over policyRule", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-notOrg.json")
		assert.Equal(t, consent.Deny, c.Provision.Effect)
		assert.Equal(t, []string{"Organization/f001"}, c.Provision.Recipients)
		assert.Equal(t, []string{"access", "correct"}, codes(c.Provision.Actions))
	})
	t.Run("Emergency: a typed nested deny and a purpose", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-Emergency.json")
		assert.Equal(t, []consent.Purpose{consent.EmergencyTreatment}, c.Provision.Purposes)
		require.Len(t, c.Provision.Provisions, 1)
		assert.Equal(t, consent.Deny, c.Provision.Provisions[0].Effect)
	})
	t.Run("pkb: untyped nested provisions are the opposite of their parent; labels are categories", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-pkb.json")
		assert.Equal(t, consent.Deny, c.Provision.Effect)
		assert.Equal(t, []consent.Category{"N"}, c.Provision.Categories)
		require.Len(t, c.Provision.Provisions, 11)
		for _, p := range c.Provision.Provisions {
			assert.Equal(t, consent.Permit, p.Effect)
		}
		assert.Equal(t, []consent.Category{consent.Psychiatric}, c.Provision.Provisions[0].Categories)
	})
	t.Run("signature: grantor from performer, instant in UTC, classes and codes", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-signature.json")
		assert.Equal(t, consent.Party{ID: "Patient/72"}, c.Grantor)
		assert.Equal(t, time.Date(2016, 5, 26, 4, 41, 10, 0, time.UTC), c.Signed)
		assert.Equal(t, consent.Period{Start: day(2015, 10, 10), End: day(2016, 10, 11)}, c.Period)
		sub := c.Provision.Provisions[0]
		assert.Equal(t, consent.Permit, sub.Effect)
		assert.Equal(t, []string{"application/hl7-cda+xml"}, codes(sub.Classes))
		assert.Equal(t, []string{"34133-9", "18842-5"}, codes(sub.Codes))
		assert.Empty(t, sub.Recipients, "an author is not a recipient")
		assert.Contains(t, c.FHIR.Elements, "identifier")
	})
	t.Run("notThis: data references", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-notThis.json")
		assert.Equal(t, []consent.DataRef{{Meaning: "related", Reference: "Task/example3"}}, c.Provision.Data)
	})
	t.Run("grantor: a recipient's display is the actor's name", func(t *testing.T) {
		c := parseFile(t, "fhir/r4/Consent-consent-example-grantor.json")
		assert.Equal(t, []string{"Patient/example"}, c.Provision.Recipients)
		assert.Equal(t, "Good Health Clinic", c.Provision.Actors[1].Name)
	})
	t.Run("Custodian extensions and a personal representative", func(t *testing.T) {
		c := parseFile(t, "fhir/custodian/representative-with-extensions.json")
		assert.Equal(t, "Laboratory results and immunization records from 2024", c.Description)
		assert.Equal(t, "the end of the 2025-2026 school year", c.ExpiryEvent)
		assert.Equal(t, "parent of a minor child", c.Authority)
		assert.Equal(t, consent.Party{ID: "RelatedPerson/parent-7", Name: "Alex Example", Kind: "personal-representative"}, c.Grantor)
		assert.Equal(t, "provider", c.Disclosers[0].Kind)
		assert.Len(t, c.FHIR.Performers, 1)
		assert.JSONEq(t, `[{"url":"http://example.org/fhir/StructureDefinition/local-note","valueString":"kept as it is"}]`, string(c.FHIR.Elements["extension"]))
		assert.Equal(t, consent.Deny, c.Provision.Effect, "OPTOUTE")
		assert.Equal(t, consent.Period{Start: day(2024, 1, 1)}, c.Provision.DataPeriod)
		sub := c.Provision.Provisions[0]
		assert.Equal(t, consent.Period{Start: day(2025, 8, 15), End: day(2026, 7, 1)}, sub.Period, "an end month covers the whole month")
		require.Len(t, sub.Provisions, 2)
		assert.Equal(t, consent.Deny, sub.Provisions[0].Effect)
		assert.Equal(t, consent.Deny, sub.Provisions[1].Effect)
		require.NoError(t, c.Validate())
	})
}

func codes(cs []consent.Coding) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func TestParseFHIRRefusesSTU3(t *testing.T) {
	for _, path := range fixtures(t, "fhir/stu3/*.json") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, err := consent.ParseFHIR(readFile(t, path))
			require.ErrorIs(t, err, consent.ErrUnsupportedVersion)
			assert.Contains(t, err.Error(), "STU3")
		})
	}
}

// r4 returns a minimal valid R4 Consent with the given provision JSON
// (nothing when empty) and extra top-level members.
func r4(provision string, extra ...string) []byte {
	var b strings.Builder
	b.WriteString(`{"resourceType":"Consent","id":"c1","status":"active",` +
		`"scope":{"coding":[{"code":"patient-privacy"}]},"category":[{"coding":[{"code":"59284-0"}]}],` +
		`"patient":{"reference":"Patient/p1"},` +
		`"policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]}`)
	for _, e := range extra {
		b.WriteString("," + e)
	}
	if provision != "" {
		b.WriteString(`,"provision":` + provision)
	}
	b.WriteString("}")
	return []byte(b.String())
}

func TestParseFHIRErrors(t *testing.T) {
	deep := `{"type":"deny"}`
	for range consent.MaxProvisionDepth {
		deep = `{"provision":[` + deep + `]}`
	}
	tests := []struct {
		name string
		doc  []byte
		path string // the FHIRError's Path
		is   error
	}{
		{"not a Consent", []byte(`{"resourceType":"Patient","id":"x"}`), "resourceType", nil},
		{"not an object", []byte(`[1,2]`), "", nil},
		{"not JSON", []byte(`{"resourceType":`), "", nil},
		{"trailing data", append(r4(""), []byte(` {}`)...), "", nil},
		{"invalid UTF-8", []byte("{\"resourceType\":\"Consent\",\"id\":\"\xff\"}"), "", nil},
		{"duplicate member", []byte(`{"resourceType":"Consent","provision":{"type":"deny","type":"permit"}}`), "provision.type", nil},
		{"null", r4(`{"type":null}`), "provision.type", nil},
		{"R5 decision", r4("", `"decision":"deny"`), "decision", consent.ErrUnsupportedVersion},
		{"R5 provision array", r4(`[{"type":"deny"}]`), "provision", consent.ErrUnsupportedVersion},
		{"R5 with a period", r4("", `"period":{"start":"2020-01-01"}`, `"grantor":[{"reference":"Patient/p1"}]`), "grantor", consent.ErrUnsupportedVersion},
		{"scope adr", bytes.Replace(r4(""), []byte(`"patient-privacy"`), []byte(`"adr"`), 1), "scope.coding[0]", nil},
		{"scope treatment", bytes.Replace(r4(""), []byte(`"patient-privacy"`), []byte(`"treatment"`), 1), "scope.coding[0]", nil},
		{"STU3 policyRule string", bytes.Replace(r4(""), []byte(`{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]}`), []byte(`"http://hl7.org/fhir/ConsentPolicy/opt-in"`), 1), "policyRule", consent.ErrUnsupportedVersion},
		{"missing status", bytes.Replace(r4(""), []byte(`"status":"active",`), nil, 1), "status", nil},
		{"unknown status", bytes.Replace(r4(""), []byte(`"active"`), []byte(`"approved"`), 1), "status", nil},
		{"bad id", bytes.Replace(r4(""), []byte(`"c1"`), []byte(`"a b"`), 1), "id", nil},
		{"missing patient", bytes.Replace(r4(""), []byte(`"patient":{"reference":"Patient/p1"},`), nil, 1), "patient", nil},
		{"patient identifier", bytes.Replace(r4(""), []byte(`{"reference":"Patient/p1"}`), []byte(`{"reference":"Patient/p1","identifier":{"value":"123"}}`), 1), "patient.identifier", nil},
		{"missing scope", bytes.Replace(r4(""), []byte(`"scope":{"coding":[{"code":"patient-privacy"}]},`), nil, 1), "scope", nil},
		{"unknown element", r4("", `"foo":1`), "foo", nil},
		{"modifierExtension", r4("", `"modifierExtension":[{"url":"x","valueBoolean":true}]`), "modifierExtension", nil},
		{"implicitRules", r4("", `"implicitRules":"http://example.org/rules"`), "implicitRules", nil},
		{"no base decision", bytes.Replace(r4(`{}`), []byte(`"OPTIN"`), []byte(`"NOPP"`), 1), "provision.type", consent.ErrNoBaseDecision},
		{"no policyRule and no type", bytes.Replace(r4(`{}`, `"policy":[{"uri":"http://example.org"}]`), []byte(`,"policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]}`), nil, 1), "provision.type", consent.ErrNoBaseDecision},
		{"bad type", r4(`{"type":"allow"}`), "provision.type", nil},
		{"unknown nested element", r4(`{"type":"deny","provision":[{},{},{"type":"permit","expression":{}}]}`), "provision.provision[2].expression", nil},
		{"nested bad type", r4(`{"type":"deny","provision":[{},{},{"type":"maybe"}]}`), "provision.provision[2].type", nil},
		{"provision extension", r4(`{"provision":[{"extension":[]}]}`), "provision.provision[0].extension", nil},
		{"too deep", r4(deep), "provision" + strings.Repeat(".provision[0]", consent.MaxProvisionDepth), consent.ErrTooLarge},
		{"actor without reference", r4(`{"actor":[{"role":{"coding":[{"code":"IRCP"}]}}]}`), "provision.actor[0].reference", nil},
		{"actor role text only", r4(`{"actor":[{"role":{"text":"recipient"},"reference":{"reference":"Organization/x"}}]}`), "provision.actor[0].role.coding", nil},
		{"action text", r4(`{"action":[{"coding":[{"code":"access"}],"text":"read"}]}`), "provision.action[0].text", nil},
		{"purpose of another system", r4(`{"purpose":[{"system":"http://example.org/why","code":"TREAT"}]}`), "provision.purpose[0].system", nil},
		{"label of another system", r4(`{"provision":[{"securityLabel":[{"system":"http://example.org/labels","code":"HIV"}]}]}`), "provision.provision[0].securityLabel[0].system", nil},
		{"coding without code", r4(`{"class":[{"system":"http://hl7.org/fhir/resource-types"}]}`), "provision.class[0].code", nil},
		{"coding version", r4(`{"class":[{"code":"Observation","version":"4.0.1"}]}`), "provision.class[0].version", nil},
		{"data meaning", r4(`{"data":[{"meaning":"everything","reference":{"reference":"Observation/1"}}]}`), "provision.data[0].meaning", nil},
		{"date", r4(`{"period":{"start":"2015-13-01"}}`), "provision.period.start", nil},
		{"time without zone", r4(`{"period":{"start":"2015-01-01T10:00:00"}}`), "provision.period.start", nil},
		{"end before start", r4(`{"period":{"start":"2016-01-01","end":"2015-12-31"}}`), "provision.period.end", nil},
		{"instant past 9999", r4(`{"period":{"end":"9999-12-31T23:30:00-01:00"}}`), "provision.period.end", nil},
		{"signed date", r4("", `"dateTime":"yesterday"`), "dateTime", nil},
		{"empty string", r4("", `"dateTime":""`), "dateTime", nil},
		{"performer without reference", r4("", `"performer":[{"display":"Someone"}]`), "performer[0].reference", nil},
		{"foreign extension on a performer", r4("", `"performer":[{"reference":"Patient/p1","extension":[{"url":"http://example.org/x","valueString":"y"}]}]`), "performer[0].extension[0].url", nil},
		{"custodian extension twice", r4("", `"extension":[{"url":"`+consent.ExtAuthority+`","valueString":"a"},{"url":"`+consent.ExtAuthority+`","valueString":"b"}]`), "extension[1]", nil},
		{"custodian extension of the wrong type", r4("", `"extension":[{"url":"`+consent.ExtRevoked+`","valueString":"2020-01-01"}]`), "extension[0].valueDateTime", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := consent.ParseFHIR(tt.doc)
			require.Error(t, err, "%+v", c)
			var fe *consent.FHIRError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.path, fe.Path, err.Error())
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.NotContains(t, err.Error(), "Patient/p1", "errors carry no patient data")
		})
	}
}

func TestParseFHIRTooLarge(t *testing.T) {
	doc := r4("", `"text":{"status":"generated","div":"`+strings.Repeat("x", consent.MaxFHIRBytes)+`"}`)
	_, err := consent.ParseFHIR(doc)
	require.ErrorIs(t, err, consent.ErrTooLarge)

	p := consent.FHIRParser{MaxBytes: 100}
	_, err = p.Parse(r4(""))
	require.ErrorIs(t, err, consent.ErrTooLarge)
}

func TestParseFHIRDepthLimit(t *testing.T) {
	nest := func(levels int) string {
		s := `{}`
		for range levels - 1 {
			s = `{"provision":[` + s + `]}`
		}
		return s
	}
	c, err := consent.ParseFHIR(r4(nest(consent.MaxProvisionDepth)))
	require.NoError(t, err)
	// Untyped levels alternate from the base permit.
	p, effect := &c.Provision, consent.Permit
	for depth := 1; depth <= consent.MaxProvisionDepth; depth++ {
		require.Equal(t, effect, p.Effect, "depth %d", depth)
		if depth < consent.MaxProvisionDepth {
			p, effect = &p.Provisions[0], 1-effect
		}
	}
	_, err = c.MarshalFHIR()
	require.NoError(t, err)

	_, err = consent.ParseFHIR(r4(nest(consent.MaxProvisionDepth + 1)))
	require.ErrorIs(t, err, consent.ErrTooLarge)

	deepJSON := r4("", `"text":`+strings.Repeat(`{"a":`, 200)+`1`+strings.Repeat(`}`, 200))
	_, err = consent.ParseFHIR(deepJSON)
	require.ErrorIs(t, err, consent.ErrTooLarge)
}

func TestFHIRParserPolicyRules(t *testing.T) {
	doc := bytes.Replace(r4(`{}`), []byte(`"OPTIN"`), []byte(`"EMRGONLY"`), 1)
	_, err := consent.ParseFHIR(doc)
	require.ErrorIs(t, err, consent.ErrNoBaseDecision)

	rules := consent.DefaultPolicyRules()
	rules["EMRGONLY"] = consent.Deny
	p := consent.FHIRParser{PolicyRules: rules}
	c, err := p.Parse(doc)
	require.NoError(t, err)
	assert.Equal(t, consent.Deny, c.Provision.Effect)

	// Codings that disagree are refused.
	doc = r4(`{}`, `"policy":[{"uri":"http://example.org"}]`)
	doc = bytes.Replace(doc, []byte(`"code":"OPTIN"}`), []byte(`"code":"OPTIN"},{"code":"OPTOUT"}`), 1)
	_, err = consent.ParseFHIR(doc)
	require.ErrorIs(t, err, consent.ErrNoBaseDecision)
}

func TestFHIRParserRecipientRoles(t *testing.T) {
	doc := r4(`{"actor":[{"role":{"coding":[{"code":"CST"}]},"reference":{"reference":"Organization/x"}}]}`)
	c, err := consent.ParseFHIR(doc)
	require.NoError(t, err)
	assert.Empty(t, c.Provision.Recipients)

	p := consent.FHIRParser{RecipientRoles: []string{"CST"}}
	c, err = p.Parse(doc)
	require.NoError(t, err)
	assert.Equal(t, []string{"Organization/x"}, c.Provision.Recipients)
	assert.Equal(t, []string{"IRCP", "PRCP", "TRC", "GRANTEE", "DELEGATEE"}, consent.DefaultRecipientRoles())
}

func TestParseFHIRDates(t *testing.T) {
	tests := []struct {
		start, end         string
		wantStart, wantEnd time.Time
	}{
		{"2015", "2015", day(2015, 1, 1), day(2016, 1, 1)},
		{"2015-02", "2015-02", day(2015, 2, 1), day(2015, 3, 1)},
		{"2016-02-29", "2016-02-29", day(2016, 2, 29), day(2016, 3, 1)},
		{"2015-12-31", "2015-12-31", day(2015, 12, 31), day(2016, 1, 1)},
		{"2015-01-01T10:00:00+10:00", "2015-01-01T23:59:59.5-05:00", time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 1, 2, 4, 59, 59, 5e8, time.UTC)},
		{"0001-01-02", "9999-12-31", day(1, 1, 2), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.start+"/"+tt.end, func(t *testing.T) {
			c, err := consent.ParseFHIR(r4(fmt.Sprintf(`{"period":{"start":%q,"end":%q}}`, tt.start, tt.end)))
			require.NoError(t, err)
			assert.Equal(t, tt.wantStart, c.Period.Start)
			assert.Equal(t, tt.wantEnd, c.Period.End)
			out, err := c.MarshalFHIR()
			require.NoError(t, err)
			back, err := consent.ParseFHIR(out)
			require.NoError(t, err)
			assert.Equal(t, c.Period, back.Period)
		})
	}
}

func TestMarshalFHIRFromModel(t *testing.T) {
	c := authorization()
	c.Grantor = consent.Party{ID: "RelatedPerson/parent", Name: "A. Parent", Kind: "personal-representative"}
	c.Authority = "parent of a minor"
	c.ExpiryEvent = "the end of the treatment"
	c.Status = consent.Revoked
	c.Revoked = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	out, err := c.MarshalFHIR()
	require.NoError(t, err)
	golden(t, "golden/marshal/from-model.json", out)

	back, err := consent.ParseFHIR(out)
	require.NoError(t, err)
	// What the model holds survives; FHIR gains the defaults R4 requires
	// and an actor for the recipient.
	assert.Equal(t, c.Provision.Provisions[0].Recipients, back.Provision.Provisions[0].Recipients)
	assert.Equal(t, []consent.Actor{{Role: consent.Coding{System: consent.SystemParticipation, Code: "IRCP"}, Reference: "Organization/acme"}}, back.Provision.Provisions[0].Actors)
	back.Provision.Provisions[0].Actors = nil
	back.FHIR = consent.FHIRDetails{}
	assert.Equal(t, consent.Authorization, back.Kind, "ParseFHIR states the kind the model implied")
	c.Kind = consent.Authorization
	assert.Equal(t, c, back)
}

func TestMarshalFHIRRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(*consent.Consent)
		path   string
	}{
		{"unknown status", func(c *consent.Consent) { c.Status = "approved" }, "status"},
		{"no patient", func(c *consent.Consent) { c.Patient = "" }, "patient.reference"},
		{"unknown effect", func(c *consent.Consent) { c.Provision.Provisions[0].Effect = 7 }, "provision.provision[0].type"},
		{"grantor without ID", func(c *consent.Consent) { c.Grantor = consent.Party{Name: "Someone"} }, "performer[0].reference"},
		{"year 10000", func(c *consent.Consent) { c.Signed = time.Date(10000, 1, 2, 0, 0, 0, 0, time.UTC) }, "dateTime"},
		{"raw element that is mapped", func(c *consent.Consent) {
			c.FHIR.Elements = map[string]json.RawMessage{"status": json.RawMessage(`"active"`)}
		}, "status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := authorization()
			tt.change(&c)
			_, err := c.MarshalFHIR()
			var fe *consent.FHIRError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.path, fe.Path)
		})
	}
}

func TestMarshalFHIRIntersectsPeriods(t *testing.T) {
	c := authorization()
	c.Provision.Period = consent.Period{Start: day(2025, 3, 1), End: day(2027, 1, 1)}
	out, err := c.MarshalFHIR()
	require.NoError(t, err)
	back, err := consent.ParseFHIR(out)
	require.NoError(t, err)
	assert.Equal(t, consent.Period{Start: day(2025, 3, 1), End: day(2026, 1, 1)}, back.Period)
	assert.True(t, back.Provision.Period.IsZero())
}

func TestFHIRErrorUnwrap(t *testing.T) {
	err := error(&consent.FHIRError{Path: "provision", Msg: "x", Err: consent.ErrTooLarge})
	assert.True(t, errors.Is(err, consent.ErrTooLarge))
	assert.Equal(t, "consent: FHIR provision: x", err.Error())
}

func TestCloneCopiesFHIRDetails(t *testing.T) {
	c := parseFile(t, "fhir/custodian/representative-with-extensions.json")
	d := c.Clone()
	d.FHIR.Elements["text"][0] = 'X'
	d.FHIR.Performers[0][0] = 'X'
	d.FHIR.Elements["meta"] = nil
	assert.Equal(t, byte('{'), c.FHIR.Elements["text"][0])
	assert.Equal(t, byte('{'), c.FHIR.Performers[0][0])
	assert.NotNil(t, c.FHIR.Elements["meta"])
}

func TestMarshalFHIREndAtMidnightAfterStart(t *testing.T) {
	// An end at midnight is written as the day before, unless that day
	// begins before the start.
	c, err := consent.ParseFHIR(r4(`{"period":{"start":"2015-06-01T12:00:00Z","end":"2015-06-02T00:00:00Z"}}`))
	require.NoError(t, err)
	out, err := c.MarshalFHIR()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"end": "2015-06-02T00:00:00Z"`)
	back, err := consent.ParseFHIR(out)
	require.NoError(t, err)
	assert.Equal(t, c, back)
}
