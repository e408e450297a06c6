package audit_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// balpCoding is a coding or the first coding of a CodeableConcept.
type balpCoding struct {
	System string       `json:"system"`
	Code   string       `json:"code"`
	Coding []balpCoding `json:"coding"`
}

func (c balpCoding) first() balpCoding {
	if len(c.Coding) > 0 {
		return c.Coding[0]
	}
	return c
}

type balpAgent struct {
	Type      balpCoding      `json:"type"`
	Who       json.RawMessage `json:"who"`
	Requestor *bool           `json:"requestor"`
	Network   json.RawMessage `json:"network"`
}

type balpEvent struct {
	Meta struct {
		Profile []string `json:"profile"`
	} `json:"meta"`
	Type    balpCoding   `json:"type"`
	Subtype []balpCoding `json:"subtype"`
	Action  string       `json:"action"`
	Outcome string       `json:"outcome"`
	Agent   []balpAgent  `json:"agent"`
	Source  struct {
		Observer json.RawMessage `json:"observer"`
	} `json:"source"`
	Entity []struct {
		What json.RawMessage `json:"what"`
		Type balpCoding      `json:"type"`
		Role balpCoding      `json:"role"`
	} `json:"entity"`
}

// TestFHIRPrivacyDisclosureSource checks a disclosure's AuditEvent against
// the constraints of the BALP profile it states
// (IHE.BasicAudit.PrivacyDisclosure.Source, BALP 1.1.4 differential).
func TestFHIRPrivacyDisclosureSource(t *testing.T) {
	lab := audit.FHIRWriter{Source: "Device/lis-01", SourceNetwork: "10.0.0.7", Custodian: "Organization/northside-lab"}
	for name, tt := range map[string]struct {
		w         audit.FHIRWriter
		e         audit.Event
		custodian bool
	}{
		"zero writer":             {e: fhirEvent()},
		"writer, actor is source": {w: lab, e: fullEvent(2), custodian: true},
		"writer, clerk acting": {w: lab, e: func() audit.Event {
			e := fullEvent(3)
			e.Actor = "Practitioner/clerk-7"
			return e
		}(), custodian: true},
	} {
		t.Run(name, func(t *testing.T) {
			raw, err := tt.w.Marshal(tt.e)
			require.NoError(t, err)
			var a balpEvent
			require.NoError(t, json.Unmarshal(raw, &a))

			assert.Equal(t, []string{audit.ProfilePrivacyDisclosureSource}, a.Meta.Profile)
			assert.Equal(t, balpCoding{System: "http://dicom.nema.org/resources/ontology/DCM", Code: "110106"}, a.Type)
			assert.Contains(t, a.Subtype, balpCoding{System: "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle", Code: "disclose"})
			assert.Equal(t, "R", a.Action)
			assert.NotEmpty(t, a.Outcome)

			byType := map[string][]balpAgent{}
			for _, ag := range a.Agent {
				require.NotNil(t, ag.Requestor, "agent.requestor is 1..1")
				byType[ag.Type.first().System+"#"+ag.Type.first().Code] = append(byType[ag.Type.first().System+"#"+ag.Type.first().Code], ag)
			}
			source := byType["http://dicom.nema.org/resources/ontology/DCM#110153"]
			recipient := byType["http://dicom.nema.org/resources/ontology/DCM#110152"]
			custodian := byType["http://snomed.info/sct#159541003"]
			require.Len(t, source, 1, "agent:source 1..1")
			require.Len(t, recipient, 1, "agent:recipient 1..1")
			for _, ag := range append(source, recipient...) {
				assert.NotEmpty(t, ag.Who, "who 1..1")
				assert.NotEmpty(t, ag.Network, "network 1..1")
			}
			assert.JSONEq(t, string(source[0].Who), string(a.Source.Observer), "val-audit-source")
			if tt.custodian {
				require.Len(t, custodian, 1)
				assert.JSONEq(t, `{"reference":"Organization/northside-lab"}`, string(custodian[0].Who))
			} else {
				assert.Empty(t, custodian)
			}

			require.GreaterOrEqual(t, len(a.Entity), 2, "entity 2..*")
			patients := 0
			for _, en := range a.Entity {
				if en.Type.System == "http://terminology.hl7.org/CodeSystem/audit-entity-type" && en.Type.Code == "1" {
					patients++
					assert.Equal(t, balpCoding{System: "http://terminology.hl7.org/CodeSystem/object-role", Code: "1"}, en.Role)
					assert.JSONEq(t, `{"reference":"Patient/pat-001"}`, string(en.What))
				}
			}
			assert.Equal(t, 1, patients, "entity:patient 1..1")
		})
	}
}

// TestFHIRActorAgent checks the agent of an actor that is not the source:
// an application for a Device, else a human user; the requestor either way.
func TestFHIRActorAgent(t *testing.T) {
	w := audit.FHIRWriter{Source: "Device/lis-01"}
	for actor, want := range map[string]string{
		"Practitioner/clerk-7": "humanuser",
		"Device/portal":        "110150",
		"Device/lis-01":        "110153", // the source itself
	} {
		e := disclosureEvent(1)
		e.Actor = actor
		raw, err := w.Marshal(e)
		require.NoError(t, err)
		var a balpEvent
		require.NoError(t, json.Unmarshal(raw, &a))
		var requestors []string
		for _, ag := range a.Agent {
			if *ag.Requestor {
				requestors = append(requestors, ag.Type.first().Code)
			}
		}
		assert.Equal(t, []string{want}, requestors, actor)
	}
}

// TestFHIRNetwork checks the network element of the source and the
// recipient: the address and its type when known, else unknown.
func TestFHIRNetwork(t *testing.T) {
	tests := []struct {
		source, recipient string
		wantSource, want  string
	}{
		{"", "", dataAbsent, dataAbsent},
		{"https://lis01.example/fhir", "10.1.2.3", `{"address":"https://lis01.example/fhir","type":"5"}`, `{"address":"10.1.2.3","type":"2"}`},
		{"lis01.northside.example", "2001:db8::7", `{"address":"lis01.northside.example","type":"1"}`, `{"address":"2001:db8::7","type":"2"}`},
	}
	for _, tt := range tests {
		w := audit.FHIRWriter{SourceNetwork: tt.source, RecipientNetwork: func(r string) string {
			assert.Equal(t, "Organization/state-health-dept", r)
			return tt.recipient
		}}
		raw, err := w.Marshal(disclosureEvent(1))
		require.NoError(t, err)
		var a balpEvent
		require.NoError(t, json.Unmarshal(raw, &a))
		require.Len(t, a.Agent, 2)
		assert.JSONEq(t, tt.wantSource, string(a.Agent[0].Network), "source")
		assert.JSONEq(t, tt.want, string(a.Agent[1].Network), "recipient")
	}

	// Outside a disclosure an unknown address is left out.
	raw, err := audit.FHIRWriter{}.Marshal(audit.Event{ID: "d", Time: t0, Type: audit.TypeDecision, Actor: "Device/a", Recipient: "Organization/b"})
	require.NoError(t, err)
	var a balpEvent
	require.NoError(t, json.Unmarshal(raw, &a))
	for _, ag := range a.Agent {
		assert.Empty(t, ag.Network)
	}
}

const dataAbsent = `{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}`

// TestFHIRNewFields checks where the policy, the released resources and
// the correlation ID go, and that an event without them has none of it.
func TestFHIRNewFields(t *testing.T) {
	type entity struct {
		What struct {
			Reference  string `json:"reference"`
			Identifier struct {
				Value string `json:"value"`
			} `json:"identifier"`
		} `json:"what"`
		Type   balpCoding `json:"type"`
		Detail []struct {
			Type  string `json:"type"`
			Value string `json:"valueString"`
		} `json:"detail"`
	}
	read := func(e audit.Event) (refs []string, correlation []string, details map[string]string) {
		raw, err := e.MarshalFHIRAuditEvent()
		require.NoError(t, err)
		var a struct{ Entity []entity }
		require.NoError(t, json.Unmarshal(raw, &a))
		details = map[string]string{}
		for _, en := range a.Entity {
			switch {
			case en.Type.Code == "XrequestId":
				assert.Equal(t, "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", en.Type.System)
				correlation = append(correlation, en.What.Identifier.Value)
			case en.Type.Code == "2" && en.What.Reference != "":
				refs = append(refs, en.What.Reference)
			}
			for _, d := range en.Detail {
				details[d.Type] = d.Value
			}
		}
		return refs, correlation, details
	}

	refs, corr, details := read(fullEvent(1))
	assert.Equal(t, fullEvent(1).Resources, refs, "an entity per released resource")
	assert.Equal(t, []string{"req-7f3a"}, corr)
	assert.Equal(t, "northside-lab", details["policy-name"])
	assert.Equal(t, "2025.03", details["policy-version"])
	assert.Equal(t, fullEvent(1).PolicyHash, details["policy-hash"])

	refs, corr, details = read(disclosureEvent(1))
	assert.Empty(t, refs)
	assert.Empty(t, corr)
	for _, k := range []string{"policy-name", "policy-version", "policy-hash", "cancels"} {
		assert.NotContains(t, details, k)
	}

	_, _, details = read(audit.Event{ID: "cx", Time: t0, Type: audit.TypeCancellation, Cancels: "dec-0001"})
	assert.Equal(t, "dec-0001", details["cancels"])
}
