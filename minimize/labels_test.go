package minimize_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

func TestInlineLabelDS4PPatient(t *testing.T) {
	rec := load(t, "ds4p/extension-inline-sec-label-patient.json")
	require.Contains(t, encode(t, rec), "111-22-3333")

	out, rep, err := minimize.Full().Apply(rec, "R")
	require.NoError(t, err)
	text := encode(t, out)
	assert.NotContains(t, text, "111-22-3333", "the SSN carries an inline R label")
	assert.Contains(t, text, "1234567", "the driver's licence carries none")
	assert.Equal(t, []string{"identifier[]"}, rep.Removed)

	// N withheld: R is above it (high-water mark).
	out, _, err = minimize.Full().Apply(rec, "N")
	require.NoError(t, err)
	assert.NotContains(t, encode(t, out), "111-22-3333")

	// V withheld: R is below it.
	out, _, err = minimize.Full().Apply(rec, "V")
	require.NoError(t, err)
	assert.Contains(t, encode(t, out), "111-22-3333")
}

func TestInlineLabelDS4PImmunization(t *testing.T) {
	rec := load(t, "ds4p/extension-inline-sec-label-immunization.json")
	for _, withheld := range []string{"PATRPT", "http://terminology.hl7.org/CodeSystem/v3-ObservationValue|PATRPT", "urn:oid:2.16.840.1.113883.5.83|PATRPT"} {
		out, rep, err := minimize.Full().Apply(rec, withheld)
		require.NoError(t, err)
		assert.NotContains(t, out, "patient", withheld)
		assert.Equal(t, "completed", out["status"])
		assert.Equal(t, []string{"patient"}, rep.Removed)
	}
}

func TestMetaSecurityDS4PExamples(t *testing.T) {
	// Each of these carries v3-Confidentiality R in meta.security.
	for _, name := range []string{"extension-sec-label-basis.json", "extension-sec-label-related-artifact-consent.json",
		"extensions-sec-label-classifier.json"} {
		t.Run(name, func(t *testing.T) {
			rec := load(t, filepath.Join("ds4p", name))
			out, rep, err := minimize.Full().Apply(rec, "R")
			require.NoError(t, err)
			assert.Nil(t, out)
			assert.Equal(t, []string{"$"}, rep.Removed)
			out, _, err = minimize.Full().Apply(rec, "V")
			require.NoError(t, err)
			assert.NotNil(t, out)
		})
	}
}

func TestLabelSystems(t *testing.T) {
	rec := func(system string) map[string]any {
		sys := ""
		if system != "" {
			sys = `"system":"` + system + `",`
		}
		return decode(t, `{"resourceType":"Patient","gender":"male","identifier":[{"value":"1"},{"value":"2","extension":[
		 {"url":"`+minimize.InlineLabelURL+`","valueCoding":{`+sys+`"code":"R"}}]}]}`)
	}
	tests := []struct {
		name, system, withheld string
		removed                bool
	}{
		{"Confidentiality", minimize.SystemConfidentiality, "R", true},
		{"Confidentiality OID", "urn:oid:2.16.840.1.113883.5.25", "R", true},
		{"Confidentiality bare OID", "2.16.840.1.113883.5.25", "R", true},
		{"Confidentiality by its URI before R4", "http://hl7.org/fhir/v3/Confidentiality", "R", true},
		{"Confidentiality bare OID, high-water", "2.16.840.1.113883.5.25", "M", true},
		{"HL7 system named by bare OID", minimize.SystemConfidentiality, "2.16.840.1.113883.5.25|R", true},
		{"Confidentiality high-water", minimize.SystemConfidentiality, "M", true},
		{"Confidentiality above", minimize.SystemConfidentiality, "V", false},
		{"no system: the code alone", "", "R", true},
		{"another system", "http://example.org/levels", "R", false},
		{"another system, named", "http://example.org/levels", "http://example.org/levels|R", true},
		{"HL7 system, named", minimize.SystemConfidentiality, minimize.SystemConfidentiality + "|R", true},
		{"ActCode is no Confidentiality", minimize.SystemActCode, "M", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := minimize.Full().Apply(rec(tt.system), tt.withheld)
			require.NoError(t, err)
			ids := asSlice(out["identifier"])
			if tt.removed {
				assert.Len(t, ids, 1)
			} else {
				assert.Len(t, ids, 2)
			}
		})
	}
}

func TestLabelActCodeOID(t *testing.T) {
	rec := decode(t, bundle(
		`{"resourceType":"Observation","meta":{"security":[{"system":"urn:oid:2.16.840.1.113883.5.4","code":"HIV"}]}}`,
		`{"resourceType":"Observation","meta":{"security":[{"system":"http://example.org/mine","code":"HIV"}]}}`,
		`{"resourceType":"Observation","meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"HIV"}]}}`,
		`{"resourceType":"Observation","meta":{"security":[{"system":"http://hl7.org/fhir/v3/ActCode","code":"HIV"}]}}`))
	out, _, err := minimize.Full().Apply(rec, "HIV")
	require.NoError(t, err)
	require.Len(t, asSlice(out["entry"]), 1, "ActCode by its OID, its URI and its URI before R4")
	assert.Contains(t, encode(t, out), "example.org/mine")
}

func TestInlineLabelOnPrimitive(t *testing.T) {
	rec := decode(t, `{"resourceType":"Patient","gender":"male","birthDate":"1956-05-27",
	 "_birthDate":{"extension":[{"url":"`+minimize.InlineLabelURL+`","valueCoding":{"system":"`+minimize.SystemConfidentiality+`","code":"R"}}]}}`)
	out, rep, err := minimize.Full().Apply(rec, "R")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"resourceType": "Patient", "gender": "male"}, out)
	assert.Equal(t, []string{"_birthDate", "birthDate"}, rep.Removed)

	v := compile(t, minimize.Spec{Keep: []string{"Patient.birthDate", "Patient.gender"}})
	out, _, err = v.Apply(rec, "R")
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"gender": "male"}, out)
}

func TestLabelsEverywhereAtOnce(t *testing.T) {
	// meta.security, an inline label and Spec.Labels are all checked.
	rec := decode(t, bundle(
		`{"resourceType":"Observation","id":"1","meta":{"security":[{"system":"`+minimize.SystemActCode+`","code":"HIV"}]}}`,
		`{"resourceType":"Observation","id":"2","extension":[{"url":"`+minimize.InlineLabelURL+`","valueCoding":{"system":"`+minimize.SystemActCode+`","code":"HIV"}}]}`,
		`{"resourceType":"Observation","id":"3","tags":["HIV"]}`,
		`{"resourceType":"Observation","id":"4"}`))
	v := compile(t, minimize.Spec{Keep: []string{"Observation.id"}, Labels: "tags"})
	out, _, err := v.Apply(rec, "HIV")
	require.NoError(t, err)
	assert.JSONEq(t, `{"entry":[{"resource":{"id":"4"}}]}`, encode(t, out))
}

// TestLabelsPathThroughGoValues checks that Spec.Labels is followed
// through Go maps and slices, as meta.security is: a label held in Go
// types is withheld all the same.
func TestLabelsPathThroughGoValues(t *testing.T) {
	v := compile(t, minimize.Spec{Keep: []string{"Observation.id"}, Labels: "meta.tag[].code"})
	tests := []struct {
		name string
		meta any
	}{
		{"Go slice of Go maps", map[string]any{"tag": []map[string]string{{"code": "HIV"}}}},
		{"Go map holding a Go slice", map[string][]map[string]any{"tag": {{"code": "HIV"}}}},
		{"JSON values", map[string]any{"tag": []any{map[string]any{"code": "HIV"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := map[string]any{"resourceType": "Observation", "id": "1", "meta": tt.meta}
			out, rep, err := v.Apply(rec, "HIV")
			require.NoError(t, err)
			assert.Nil(t, out)
			assert.Equal(t, []string{"$"}, rep.Removed)
		})
	}
}

// TestLabelsOfOtherSystemsCostNothing pins that checking labels of a
// system no withheld "system|code" names allocates nothing: the record
// with two such labels costs what the record without them costs.
func TestLabelsOfOtherSystemsCostNothing(t *testing.T) {
	v := compile(t, minimize.Spec{Keep: []string{"Observation.id"}})
	labelledRec := decode(t, `{"resourceType":"Observation","id":"1","meta":{"security":[
	 {"system":"http://example.org/local-sensitivity-codes","code":"X"},
	 {"system":"http://example.org/local-sensitivity-codes","code":"Y"}]}}`)
	plain := decode(t, `{"resourceType":"Observation","id":"1","meta":{"security":[]}}`)
	out, _, err := v.Apply(labelledRec, "HIV")
	require.NoError(t, err)
	require.Equal(t, map[string]any{"id": "1"}, out)
	withLabels := testing.AllocsPerRun(20, func() { _, _, _ = v.Apply(labelledRec, "HIV") })
	without := testing.AllocsPerRun(20, func() { _, _, _ = v.Apply(plain, "HIV") })
	assert.Equal(t, without, withLabels)
}

// TestInlineLabelOnARepeatingPrimitive checks the inline label of one
// element of a repeating primitive: FHIR JSON aligns "_given" with
// "given", and the labelled element alone goes, with its "_given" entry.
func TestInlineLabelOnARepeatingPrimitive(t *testing.T) {
	label := func(system, code string) string {
		return `{"extension":[{"url":"` + minimize.InlineLabelURL + `","valueCoding":{"system":"` + system + `","code":"` + code + `"}}]}`
	}
	tests := []struct {
		name        string
		view        *minimize.View
		rec         string
		withheld    string
		want        string
		wantRemoved []string
	}{
		{
			name:        "name.given, a view of the name",
			view:        compile(t, minimize.Spec{Keep: []string{"Patient.name", "Patient.address"}}),
			rec:         `{"resourceType":"Patient","name":[{"family":"Doe","given":["Jane","SECRET"],"_given":[null,` + label(minimize.SystemActCode, "HIV") + `]}]}`,
			withheld:    "HIV",
			want:        `{"name":[{"family":"Doe","given":["Jane"]}]}`,
			wantRemoved: []string{"name[].given[]"},
		},
		{
			name:        "address.line, Full",
			view:        minimize.Full(),
			rec:         `{"resourceType":"Patient","address":[{"city":"Town","line":["1 Main","SECRET shelter"],"_line":[null,` + label(minimize.SystemConfidentiality, "R") + `]}]}`,
			withheld:    "R",
			want:        `{"resourceType":"Patient","address":[{"city":"Town","line":["1 Main"],"_line":[null]}]}`,
			wantRemoved: []string{"address[]._line[]", "address[].line[]"},
		},
		{
			name:        "the first element, Full",
			view:        minimize.Full(),
			rec:         `{"resourceType":"Patient","address":[{"line":["SECRET shelter","1 Main"],"_line":[` + label(minimize.SystemConfidentiality, "V") + `]}]}`,
			withheld:    "R",
			want:        `{"resourceType":"Patient","address":[{"line":["1 Main"]}]}`,
			wantRemoved: []string{"address[]._line[]", "address[].line[]"},
		},
		{
			name:        "a transformed repeating primitive",
			view:        compile(t, minimize.Spec{Transform: map[string]string{"Patient.address[].line": "mask"}}),
			rec:         `{"resourceType":"Patient","address":[{"line":["1 Main","SECRET shelter"],"_line":[null,` + label(minimize.SystemConfidentiality, "R") + `]}]}`,
			withheld:    "R",
			want:        `{"address":[{"line":["***"]}]}`,
			wantRemoved: []string{"address[].line[]"},
		},
		{
			name:     "a label of another category",
			view:     minimize.Full(),
			rec:      `{"resourceType":"Patient","name":[{"given":["Jane","Ann"],"_given":[null,` + label(minimize.SystemActCode, "ETH") + `]}]}`,
			withheld: "HIV",
			want:     `{"resourceType":"Patient","name":[{"given":["Jane","Ann"],"_given":[null,` + label(minimize.SystemActCode, "ETH") + `]}]}`,
		},
		{
			name:        "extensions as an array beside a single primitive",
			view:        minimize.Full(),
			rec:         `{"resourceType":"Patient","gender":"female","name":[{"text":"SECRET","_text":[` + label(minimize.SystemActCode, "HIV") + `]}]}`,
			withheld:    "HIV",
			want:        `{"resourceType":"Patient","gender":"female"}`,
			wantRemoved: []string{"name[]._text[]", "name[].text"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, rep, err := tt.view.Apply(decode(t, tt.rec), tt.withheld)
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
			assert.Equal(t, tt.wantRemoved, rep.Removed)
		})
	}
}

// TestInlineLabelShapesReadFailClosed checks that an inline label written
// as a modifierExtension, or as one extension instead of an array, still
// withholds what it labels.
func TestInlineLabelShapesReadFailClosed(t *testing.T) {
	label := `{"url":"` + minimize.InlineLabelURL + `","valueCoding":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"HIV"}}`
	for name, code := range map[string]string{
		"modifierExtension":           `{"text":"SECRET","modifierExtension":[` + label + `]}`,
		"one extension, not an array": `{"text":"SECRET","extension":` + label + `}`,
	} {
		out, _, err := minimize.Full().Apply(decode(t, `{"resourceType":"Observation","status":"final","code":`+code+`}`), "HIV")
		require.NoError(t, err, name)
		assert.JSONEq(t, `{"resourceType":"Observation","status":"final"}`, encode(t, out), name)
	}
}
