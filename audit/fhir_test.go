package audit_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

var update = flag.Bool("update", false, "rewrite golden files")

func fhirEvent() audit.Event {
	e := disclosureEvent(1)
	e.ConsentID = "roi-labs-2025"
	e.Seq, e.PrevHash, e.Hash = 7, "5d1c2e3f", "9a8b7c6d"
	return e
}

func TestFHIRGolden(t *testing.T) {
	lab := audit.FHIRWriter{
		Source: "Device/lis-01", SourceNetwork: "https://lis01.northside.example/fhir", Custodian: "Organization/northside-lab",
		RecipientNetwork: func(string) string { return "https://fhir.state-health.example" },
	}
	for name, tt := range map[string]struct {
		w audit.FHIRWriter
		e audit.Event
	}{
		"disclosure": {e: fhirEvent()},
		"disclosure-balp": {w: lab, e: func() audit.Event {
			e := fullEvent(1)
			e.Actor = "Practitioner/clerk-7"
			e.ConsentID = "roi-labs-2025"
			return e
		}()},
		"decision-deny": {e: audit.Event{
			ID: "dec-9", Time: t0, Type: audit.TypeDecision, Actor: "Practitioner/clerk-7", Patient: "Patient/pat-001",
			Recipient: "acme-marketing", RecipientName: "Acme Marketing", Purpose: "HMARKT", Outcome: audit.OutcomeDeny,
			Categories: []string{"LAB"}, PolicyName: "northside-lab", PolicyVersion: "2025.03", CorrelationID: "req-9",
		}},
		"consent-revoked": {e: audit.Event{
			ID: "c1@2025-03-02T09:00:00Z", Time: t0, Type: audit.TypeConsent, Actor: "Device/portal",
			Patient: "Patient/pat-001", Outcome: "revoked", ConsentID: "c1", Categories: []string{"HIV"},
		}},
		"cancellation": {w: lab, e: audit.Event{
			ID: "cx-1", Time: t0, Type: audit.TypeCancellation, Actor: "Device/lis-01", Patient: "Patient/pat-001",
			Cancels: "dec-0001", CorrelationID: "req-7f3a", Reason: "delivery to the recipient failed",
		}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := tt.w.Marshal(tt.e)
			require.NoError(t, err)
			var pretty bytes.Buffer
			require.NoError(t, json.Indent(&pretty, got, "", "  "))
			pretty.WriteByte('\n')
			path := filepath.Join("testdata", "auditevent-"+name+".golden.json")
			if *update {
				require.NoError(t, os.WriteFile(path, pretty.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, string(want), pretty.String())
		})
	}
}

func TestMarshalFHIRAuditEventIsZeroWriter(t *testing.T) {
	a, err := fullEvent(1).MarshalFHIRAuditEvent()
	require.NoError(t, err)
	b, err := audit.FHIRWriter{}.Marshal(fullEvent(1))
	require.NoError(t, err)
	assert.Equal(t, string(b), string(a))
}

// TestFHIRShape checks the AuditEvent against the R4 example disclosure:
// the same elements, codes and entity and agent patterns.
func TestFHIRShape(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "AuditEvent-example-disclosure.json"))
	require.NoError(t, err)
	var ref map[string]any
	require.NoError(t, json.Unmarshal(raw, &ref))
	b, err := fhirEvent().MarshalFHIRAuditEvent()
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(b, &got))

	// Every element we write is one the example has too (id and the
	// profile aside).
	for k := range got {
		if k != "id" && k != "meta" {
			assert.Contains(t, ref, k, "element %s", k)
		}
	}
	for _, k := range []string{"resourceType", "type", "subtype", "action", "recorded", "outcome", "purposeOfEvent", "agent", "source", "entity"} {
		assert.Contains(t, got, k)
	}
	assert.Equal(t, ref["type"], got["type"])
	assert.Equal(t, ref["action"], got["action"])
	assert.Equal(t, ref["outcome"], got["outcome"])

	coding := func(v any) map[string]any {
		return v.(map[string]any)["coding"].([]any)[0].(map[string]any)
	}
	refAgents, agents := ref["agent"].([]any), got["agent"].([]any)
	require.Len(t, agents, 2)
	for i := range 2 {
		want := coding(refAgents[i].(map[string]any)["type"])
		have := coding(agents[i].(map[string]any)["type"])
		assert.Equal(t, want["system"], have["system"])
		assert.Equal(t, want["code"], have["code"])
		assert.Equal(t, refAgents[i].(map[string]any)["requestor"], agents[i].(map[string]any)["requestor"])
	}
	assert.Equal(t, "Organization/state-health-dept", agents[1].(map[string]any)["who"].(map[string]any)["reference"])
	assert.Equal(t, []any{"Consent/roi-labs-2025"}, agents[0].(map[string]any)["policy"])

	pv := coding(got["purposeOfEvent"].([]any)[0])
	assert.Equal(t, coding(ref["purposeOfEvent"].([]any)[0])["system"], pv["system"])
	assert.Equal(t, "PUBHLTH", pv["code"])

	refEnt, ent := ref["entity"].([]any), got["entity"].([]any)
	require.Len(t, ent, 3)
	for _, k := range []string{"type", "role"} {
		assert.Equal(t, refEnt[0].(map[string]any)[k], ent[0].(map[string]any)[k], "patient entity %s", k)
	}
	assert.Equal(t, "Patient/pat-001", ent[0].(map[string]any)["what"].(map[string]any)["reference"])
	data := ent[1].(map[string]any)
	for _, k := range []string{"type", "role", "lifecycle"} {
		assert.Equal(t, refEnt[1].(map[string]any)[k], data[k], "data entity %s", k)
	}
	labels := data["securityLabel"].([]any)
	require.Len(t, labels, 3)
	assert.Equal(t, map[string]any{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIV"}, labels[1])
	details := map[string][]string{}
	for _, d := range data["detail"].([]any) {
		m := d.(map[string]any)
		details[m["type"].(string)] = append(details[m["type"].(string)], m["valueString"].(string))
	}
	assert.Equal(t, []string{"45 CFR 164.512(b)"}, details["basis"])
	assert.Equal(t, []string{"7"}, details["seq"])
	assert.Equal(t, []string{"9a8b7c6d"}, details["hash"])
	assert.Len(t, details["field"], 10)
	assert.Equal(t, []string{"account", "minimum-necessary"}, details["obligation"])
}

// TestFHIRSecurityLabelSystems checks that a category is written in the
// code system the shared vocabulary gives it: HL7 sensitivity codes (the
// role codes VIP and ADOL included) in v3-ActCode, confidentiality codes in
// v3-Confidentiality, the host's data classes without a system.
func TestFHIRSecurityLabelSystems(t *testing.T) {
	e := fhirEvent()
	e.Categories = []string{"LAB", "HIV", "VIP", "ADOL", "TBOO", "R", "XYZ"}
	b, err := e.MarshalFHIRAuditEvent()
	require.NoError(t, err)
	var got struct {
		Entity []struct {
			SecurityLabel []struct{ System, Code string }
		}
	}
	require.NoError(t, json.Unmarshal(b, &got))
	systems := map[string]string{}
	for _, en := range got.Entity {
		for _, l := range en.SecurityLabel {
			systems[l.Code] = l.System
		}
	}
	actCode, conf := "http://terminology.hl7.org/CodeSystem/v3-ActCode", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	assert.Equal(t, map[string]string{
		"LAB": "", "HIV": actCode, "VIP": actCode, "ADOL": actCode, "TBOO": actCode, "R": conf, "XYZ": "",
	}, systems)
}
