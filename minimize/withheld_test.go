package minimize_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

func bundle(entries ...string) string {
	s := `{"resourceType":"Bundle","type":"collection","entry":[`
	for i, e := range entries {
		if i > 0 {
			s += ","
		}
		s += `{"fullUrl":"urn:uuid:` + string(rune('a'+i)) + `","resource":` + e + `}`
	}
	return s + `]}`
}

func TestApplyWithheld(t *testing.T) {
	lab := labelled("Observation", "LAB")
	hiv := labelled("Observation", "HIV")
	both := labelled("Observation", "HIV", "R")
	tests := []struct {
		name     string
		keep     []string
		record   string
		withheld []string
		want     string // "null" for a nil record
		removed  []string
	}{
		{"bundle entry removed whole", []string{"type", "entry[].fullUrl", "entry[].resource.code"},
			bundle(lab, hiv, both), []string{"HIV"},
			`{"type":"collection","entry":[{"fullUrl":"urn:uuid:a","resource":{"code":{"text":"Observation"}}}]}`, []string{"entry[]"}},
		{"nothing withheld", []string{"entry[].fullUrl"},
			bundle(lab, hiv), nil, `{"entry":[{"fullUrl":"urn:uuid:a"},{"fullUrl":"urn:uuid:b"}]}`, nil},
		{"other category", []string{"entry[].fullUrl"},
			bundle(lab, hiv), []string{"PSY"}, `{"entry":[{"fullUrl":"urn:uuid:a"},{"fullUrl":"urn:uuid:b"}]}`, nil},
		{"every entry withheld", []string{"type", "entry"},
			bundle(hiv, both), []string{"R", "HIV"}, `{"type":"collection"}`, []string{"entry[]"}},
		{"root withheld", []string{"status"}, hiv, []string{"HIV"}, `null`, []string{"$"}},
		{"nested object removed", []string{"status", "extra"},
			`{"status":"final","extra":{"meta":{"security":[{"code":"HIV"}]},"x":1}}`, []string{"HIV"},
			`{"status":"final"}`, []string{"extra"}},
		{"array element removed", []string{"contained"},
			`{"contained":[` + lab + `,` + hiv + `]}`, []string{"HIV"},
			`{"contained":[` + lab + `]}`, []string{"contained[]"}},
		{"deep element inside kept subtree", []string{"entry", "entry[].resource.contained"},
			bundle(`{"resourceType":"DiagnosticReport","contained":[` + hiv + `,` + lab + `]}`), []string{"HIV"},
			`{"entry":[{"fullUrl":"urn:uuid:a","resource":{"resourceType":"DiagnosticReport","contained":[` + lab + `]}}]}`,
			[]string{"entry[].resource.contained[]"}},
		{"grandchild object only removes its key", []string{"entry"},
			bundle(`{"resourceType":"Observation","status":"final","code":{"meta":{"security":[{"code":"HIV"}]},"text":"x"}}`), []string{"HIV"},
			`{"entry":[{"fullUrl":"urn:uuid:a","resource":{"resourceType":"Observation","status":"final"}}]}`,
			[]string{"entry[].resource.code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile(t, minimize.Spec{Keep: tt.keep})
			out, rep, err := v.Apply(decode(t, tt.record), tt.withheld...)
			require.NoError(t, err)
			if tt.want == "null" {
				assert.Nil(t, out)
			} else {
				assert.JSONEq(t, tt.want, encode(t, out))
			}
			assert.Equal(t, tt.removed, rep.Removed)
		})
	}
}

func TestApplyWithheldFull(t *testing.T) {
	out, rep, err := minimize.Full().Apply(decode(t, bundle(labelled("Observation", "LAB"), labelled("Observation", "HIV"))), "HIV")
	require.NoError(t, err)
	assert.JSONEq(t, bundle(labelled("Observation", "LAB")), encode(t, out))
	assert.Equal(t, []string{"entry[]"}, rep.Removed)
	assert.Equal(t, []string{
		"entry[].fullUrl", "entry[].resource.code.text", "entry[].resource.meta.security[].code",
		"entry[].resource.meta.security[].system", "entry[].resource.resourceType", "entry[].resource.status",
		"resourceType", "type",
	}, rep.Released)
	assert.Nil(t, rep.Transformed)
}

func TestApplyCustomLabels(t *testing.T) {
	rec := `{"resourceType":"Bundle","entry":[{"resource":{"id":"1","tags":["HIV"]}},{"resource":{"id":"2","tags":"LAB"}},{"resource":{"id":"3","meta":{"security":[{"code":"HIV"}]}}}]}`
	v := compile(t, minimize.Spec{Keep: []string{"entry[].resource.id"}, Labels: "tags"})
	out, rep, err := v.Apply(decode(t, rec), "HIV")
	require.NoError(t, err)
	// Spec.Labels adds a place: meta.security is still checked.
	assert.JSONEq(t, `{"entry":[{"resource":{"id":"2"}}]}`, encode(t, out))
	assert.Equal(t, []string{"entry[]"}, rep.Removed)
}

func TestFullReleasesLeaves(t *testing.T) {
	in := decode(t, observation)
	out, rep, err := minimize.Full().Apply(in)
	require.NoError(t, err)
	// Everything but the empty "note" and "extension".
	delete(in, "note")
	delete(in, "extension")
	assert.Equal(t, in, out)
	assert.Contains(t, rep.Released, "code.coding[].code")
	assert.Contains(t, rep.Released, "effectivePeriod.start")
	assert.Len(t, rep.Released, 14)
}
