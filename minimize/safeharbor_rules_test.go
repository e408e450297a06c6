package minimize_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// ageObservation is an Observation of the patient's age, with a component
// of the same and a reference range by age.
const ageObservation = `{"resourceType":"Observation","status":"final",
 "code":{"coding":[{"system":"http://loinc.org","code":"30525-0","display":"Age"}],"text":"Age of John Smith MRN 12345"},
 "valueQuantity":{"value":95,"unit":"years","system":"http://unitsofmeasure.org","code":"a"},
 "component":[
  {"code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueQuantity":{"value":1140,"unit":"mo"}},
  {"code":{"coding":[{"system":"http://loinc.org","code":"21612-7"}]},"valueInteger":91},
  {"code":{"coding":[{"system":"http://loinc.org","code":"21612-7"}]},"valueQuantity":{"value":89}},
  {"code":{"coding":[{"system":"http://snomed.info/sct","code":"397669002"}]},"valueRange":{"low":{"value":85},"high":{"value":95}}}
 ],
 "referenceRange":[{"age":{"low":{"value":18,"code":"a"},"high":{"value":120,"code":"a"}},"text":"adults"}]}`

func TestSafeHarborAges(t *testing.T) {
	v := safeHarbor(t)
	out, _, err := v.Apply(decode(t, ageObservation))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Observation","status":"final",
	 "code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},
	 "valueQuantity":{"_value":`+over90JSON+`,"system":"http://unitsofmeasure.org","code":"a"},
	 "component":[
	  {"code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueQuantity":{"_value":`+over90JSON+`}},
	  {"code":{"coding":[{"system":"http://loinc.org","code":"21612-7"}]},"_valueInteger":`+over90JSON+`},
	  {"code":{"coding":[{"system":"http://loinc.org","code":"21612-7"}]},"valueQuantity":{"value":89}},
	  {"code":{"coding":[{"system":"http://snomed.info/sct","code":"397669002"}]},"valueRange":{"low":{"value":85},"high":{"_value":`+over90JSON+`}}}
	 ],
	 "referenceRange":[{"age":{"low":{"value":18,"code":"a"},"high":{"_value":`+over90JSON+`,"code":"a"}}}]}`, encode(t, out))
}

// TestSafeHarborAgesCodeNotReleased checks that a view compiled with the
// Safe Harbor option aggregates an age it releases even when it does not
// release the code that makes it one: the code is read from the record.
func TestSafeHarborAgesCodeNotReleased(t *testing.T) {
	v := compile(t, minimize.Spec{SafeHarbor: true, Keep: []string{
		"Observation.valueInteger", "Observation.valueQuantity.value", "Observation.valueRange",
		"Observation.component[].valueQuantity", "Observation.component[].valueAge.value",
	}})
	out, _, err := v.Apply(decode(t, `{"resourceType":"Observation",
	 "code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},
	 "valueInteger":95,"valueQuantity":{"value":92,"unit":"a"},"valueRange":{"low":{"value":91},"high":{"value":99}},
	 "component":[
	  {"code":{"coding":[{"system":"http://snomed.info/sct","code":"397669002"}]},"valueQuantity":{"value":1100,"unit":"mo"}},
	  {"code":{"coding":[{"system":"http://loinc.org","code":"21612-7"}]},"valueAge":{"value":90}},
	  {"code":{"coding":[{"system":"http://loinc.org","code":"2093-3"}]},"valueQuantity":{"value":195,"unit":"mg/dL"}}
	 ]}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"_valueInteger":`+over90JSON+`,"valueQuantity":{"_value":`+over90JSON+`},
	 "valueRange":{"low":{"_value":`+over90JSON+`},"high":{"_value":`+over90JSON+`}},
	 "component":[
	  {"valueQuantity":{"_value":`+over90JSON+`}},
	  {"valueAge":{"_value":`+over90JSON+`}},
	  {"valueQuantity":{"value":195}}
	 ]}`, encode(t, out))
}

// TestSafeHarborAgesByOID reads an age whose code system is written as an
// OID, with or without "urn:oid:", as one written as a URI.
func TestSafeHarborAgesByOID(t *testing.T) {
	tests := []struct{ system, code string }{
		{"urn:oid:2.16.840.1.113883.6.1", "30525-0"},
		{"2.16.840.1.113883.6.1", "21612-7"},
		{"urn:oid:2.16.840.1.113883.6.96", "397669002"},
	}
	for _, tt := range tests {
		t.Run(tt.system, func(t *testing.T) {
			coding := `{"coding":[{"system":"` + tt.system + `","code":"` + tt.code + `"}]}`
			out, _, err := safeHarbor(t).Apply(decode(t, `{"resourceType":"Observation","code":`+coding+`,"valueInteger":95}`))
			require.NoError(t, err)
			assert.JSONEq(t, `{"resourceType":"Observation","code":`+coding+`,"_valueInteger":`+over90JSON+`}`, encode(t, out))
		})
	}
}

func TestSafeHarborAgesOnlyWhereAnAgeIs(t *testing.T) {
	// Not coded as an age, not in years: a count of 95 stays.
	rec := `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"26464-8"}]},"valueQuantity":{"value":95,"code":"10*3/uL"}}`
	out, _, err := safeHarbor(t).Apply(decode(t, rec))
	require.NoError(t, err)
	assert.JSONEq(t, rec, encode(t, out))
}

func TestSafeHarborBirthDate(t *testing.T) {
	v := safeHarbor(t) // the reference date is 2026-06-15
	tests := []struct{ birth, want string }{
		{"1974-12-25", `{"resourceType":"Patient","birthDate":"1974"}`},
		{"1937-01-01", `{"resourceType":"Patient","birthDate":"1937"}`},
		{"1936-12-31", `{"resourceType":"Patient","_birthDate":` + over90JSON + `}`}, // 89 today, 90 this year
		{"1936", `{"resourceType":"Patient","_birthDate":` + over90JSON + `}`},
		{"1900-01-01", `{"resourceType":"Patient","_birthDate":` + over90JSON + `}`},
		{"1936-13-01", `{"resourceType":"Patient"}`}, // malformed: dropped, reported
	}
	for _, tt := range tests {
		t.Run(tt.birth, func(t *testing.T) {
			out, rep, err := v.Apply(decode(t, `{"resourceType":"Patient","birthDate":"`+tt.birth+`"}`))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
			assert.NotContains(t, encode(t, out), "90+", "not a FHIR date")
			if tt.birth == "1936-13-01" {
				assert.Equal(t, []string{"birthDate"}, rep.Malformed)
			}
		})
	}
}

// freeTextObservation carries free text, extensions and full dates under
// the elements Safe Harbor keeps.
const freeTextObservation = `{"resourceType":"Observation","status":"final",
 "code":{"coding":[{"system":"http://loinc.org","code":"15074-8","display":"Glucose for John Smith"}],"text":"Glucose John Smith MRN 12345",
  "extension":[{"url":"http://example.org/drawn","valueDate":"1931-02-03"}]},
 "_status":{"extension":[{"url":"http://example.org/by","valueString":"John Smith"}]},
 "valueQuantity":{"value":6.3,"unit":"mmol/l","extension":[{"url":"http://example.org/at","valueDateTime":"2013-04-02T09:30:10+01:00"}]},
 "valueCodeableConcept":{"text":"high, told John Smith"},
 "interpretation":[{"coding":[{"code":"H","display":"High"}],"text":"call Mr Smith"}],
 "referenceRange":[{"low":{"value":3.1},"text":"John Smith's usual range"}],
 "contained":[{"resourceType":"Patient","name":[{"family":"Smith"}]}]}`

func TestSafeHarborRemovesFreeTextAndExtensions(t *testing.T) {
	out, _, err := safeHarbor(t).Apply(decode(t, freeTextObservation))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Observation","status":"final",
	 "code":{"coding":[{"system":"http://loinc.org","code":"15074-8"}]},
	 "valueQuantity":{"value":6.3},
	 "interpretation":[{"coding":[{"code":"H"}]}],
	 "referenceRange":[{"low":{"value":3.1}}]}`, encode(t, out))
}

func TestSafeHarborOptionOnAHostView(t *testing.T) {
	spec := minimize.Spec{Keep: []string{"Observation.code", "Observation.code.text", "Observation.code.extension", "Observation.valueQuantity"}}
	rec := decode(t, freeTextObservation)

	plain := compile(t, spec)
	out, _, err := plain.Apply(rec)
	require.NoError(t, err)
	assert.Contains(t, encode(t, out), "Glucose for John Smith", "no Safe Harbor: display stays")
	assert.Contains(t, encode(t, out), "1931-02-03")

	for name, v := range map[string]*minimize.View{
		"option": compile(t, spec, minimize.WithSafeHarbor(), minimize.WithNow(now)),
		"spec":   compile(t, minimize.Spec{Keep: spec.Keep, SafeHarbor: true}, minimize.WithNow(now)),
	} {
		t.Run(name, func(t *testing.T) {
			out, rep, err := v.Apply(rec)
			require.NoError(t, err)
			// code.text is named, so it goes; display is not; the
			// extension is named, and its date, which may be a birth
			// date, is aggregated (1931: over 89).
			assert.JSONEq(t, `{"code":{"coding":[{"system":"http://loinc.org","code":"15074-8"}],"text":"Glucose John Smith MRN 12345",
			 "extension":[{"url":"http://example.org/drawn","_valueDate":`+over90JSON+`}]},
			 "valueQuantity":{"value":6.3}}`, encode(t, out))
			assert.Nil(t, rep.Malformed)
		})
	}
}

func TestSafeHarborPrimitiveExtensionDates(t *testing.T) {
	v := compile(t, minimize.Spec{Keep: []string{"Patient._birthDate", "Patient.extension"}, SafeHarbor: true}, minimize.WithNow(now))
	out, _, err := v.Apply(decode(t, `{"resourceType":"Patient","birthDate":"1950-03-04",
	 "_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1950-03-04T10:11:00Z"}]},
	 "extension":[{"url":"x","valuePeriod":{"start":"2001-02-03","end":"not a date"}}]}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1950"}]},
	 "extension":[{"url":"x","valuePeriod":{"start":"2001"}}]}`, encode(t, out))
}

func TestSafeHarborMalformedDateIsNotFatal(t *testing.T) {
	good := `{"resourceType":"Observation","status":"final","effectiveDateTime":"2013-04-02"}`
	bad := `{"resourceType":"Observation","status":"final","effectiveDateTime":"02/04/2013 John Smith"}`
	out, rep, err := safeHarbor(t).Apply(decode(t, bundle(good, bad)))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"Observation","status":"final","effectiveDateTime":"2013"}},
	 {"resource":{"resourceType":"Observation","status":"final"}}]}`, encode(t, out))
	assert.Equal(t, []string{"entry[].resource.effectiveDateTime"}, rep.Malformed)

	// Outside Safe Harbor a date transform still fails closed.
	v := compile(t, minimize.Spec{Transform: map[string]string{"effectiveDateTime": "year"}})
	out, _, err = v.Apply(decode(t, bad))
	var te *minimize.TransformError
	require.ErrorAs(t, err, &te)
	assert.Nil(t, out)
}

func TestSafeHarborHoldsHostTransforms(t *testing.T) {
	echo := minimize.WithTransform("echo", minimize.TransformFunc(func(v any) (any, error) { return v, nil }))
	v := compile(t, minimize.Spec{Transform: map[string]string{"Patient.birthDate": "echo", "Patient.note": "echo"}, SafeHarbor: true}, echo, minimize.WithNow(now))
	out, _, err := v.Apply(decode(t, `{"resourceType":"Patient","birthDate":"1970-02-03","note":"seen 2020-01-02T10:00:00Z"}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"birthDate":"1970","note":"seen 2020-01-02T10:00:00Z"}`, encode(t, out), "a date goes to its year; free text a path names stays")
}

// TestSafeHarborDatesWithATime reads a date followed by a time, written
// after a 'T' or a space, as a date finer than a year: under any key, and
// under a transformed date key.
func TestSafeHarborDatesWithATime(t *testing.T) {
	tests := []struct{ version, want string }{
		{"2020-03-15 10:00", `"2020"`},
		{"2020-03-15T10:00:00Z", `"2020"`},
		{"2020-03-15", `"2020"`},
		{"2020-03 10:00", `"2020"`},
		{"2020-03T10:00", `"2020"`},
		{"2020-03", `"2020"`},
		{"2020", `"2020"`},
		{"2085-9", `"2085-9"`},                     // a LOINC code
		{"2020-13-15 10:00", `"2020-13-15 10:00"`}, // not a date
		{"2020-03-1x", `"2020-03-1x"`},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			out, rep, err := safeHarbor(t).Apply(decode(t, `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","version":"`+tt.version+`","code":"1-8"}]}}`))
			require.NoError(t, err)
			assert.JSONEq(t, `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","version":`+tt.want+`,"code":"1-8"}]}}`, encode(t, out))
			assert.Nil(t, rep.Malformed)
		})
	}

	out, rep, err := safeHarbor(t).Apply(decode(t, `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"Observation","effectiveDateTime":"2020-03-15 10:00","issued":"2020-03-15 10:00:00.000Z"}},
	 {"resource":{"resourceType":"Patient","birthDate":"1920-05-01 10:00","deceasedDateTime":"2020-03-15 10:00"}},
	 {"resource":{"resourceType":"Patient","birthDate":"1990-05-01 10:00"}}]}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"Observation","effectiveDateTime":"2020","issued":"2020"}},
	 {"resource":{"resourceType":"Patient","_birthDate":`+over90JSON+`,"deceasedDateTime":"2020"}},
	 {"resource":{"resourceType":"Patient","birthDate":"1990"}}]}`, encode(t, out))
	assert.Nil(t, rep.Malformed)

	// A kept date key: the same.
	v := compile(t, minimize.Spec{Keep: []string{"Observation"}, SafeHarbor: true}, minimize.WithNow(now))
	out, rep, err = v.Apply(decode(t, `{"resourceType":"Observation","issued":"2020-03-15 10:00","effectivePeriod":{"start":"2020-03-15 10:00","end":"15/03/2020"}}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Observation","issued":"2020","effectivePeriod":{"start":"2020"}}`, encode(t, out))
	assert.Equal(t, []string{"effectivePeriod.end"}, rep.Malformed)
}

// TestSafeHarborElementIdsAndUnits drops, under kept elements, the ids of
// elements below the resource and a Quantity's unit, which are free text,
// unless a path names them; the UCUM code and the resource's id stay.
func TestSafeHarborElementIdsAndUnits(t *testing.T) {
	rec := `{"resourceType":"Observation","id":"obs-1",
	 "code":{"id":"John Smith MRN 12345","coding":[{"id":"c1","system":"http://loinc.org","code":"2345-7"}]},
	 "valueQuantity":{"id":"q","value":1,"unit":"mg per John Smith","system":"http://unitsofmeasure.org","code":"mg"},
	 "referenceRange":[{"id":"r","low":{"value":3.1,"unit":"mg John Smith"}}]}`
	tests := []struct {
		name string
		v    *minimize.View
		want string
	}{
		{"SafeHarbor", safeHarbor(t), `{"resourceType":"Observation",
		 "code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
		 "valueQuantity":{"value":1,"system":"http://unitsofmeasure.org","code":"mg"},
		 "referenceRange":[{"low":{"value":3.1}}]}`},
		{"kept resource", compile(t, minimize.Spec{Keep: []string{"Observation"}, SafeHarbor: true}), `{"resourceType":"Observation","id":"obs-1",
		 "code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
		 "valueQuantity":{"value":1,"system":"http://unitsofmeasure.org","code":"mg"},
		 "referenceRange":[{"low":{"value":3.1}}]}`},
		{"named", compile(t, minimize.Spec{Keep: []string{"Observation.code", "Observation.code.id", "Observation.valueQuantity", "Observation.valueQuantity.unit"}, SafeHarbor: true}), `{
		 "code":{"id":"John Smith MRN 12345","coding":[{"system":"http://loinc.org","code":"2345-7"}]},
		 "valueQuantity":{"value":1,"unit":"mg per John Smith","system":"http://unitsofmeasure.org","code":"mg"}}`},
		{"no Safe Harbor", compile(t, minimize.Spec{Keep: []string{"Observation.code", "Observation.valueQuantity"}}), `{
		 "code":{"id":"John Smith MRN 12345","coding":[{"id":"c1","system":"http://loinc.org","code":"2345-7"}]},
		 "valueQuantity":{"id":"q","value":1,"unit":"mg per John Smith","system":"http://unitsofmeasure.org","code":"mg"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := tt.v.Apply(decode(t, rec))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
		})
	}
}

// TestSafeHarborAgeShapes aggregates an age over 89 whatever shape it
// takes: a coding without a system, a coding written as one object, a
// Ratio, a reference range by age in any unit, unit spellings, a Quantity
// whose code and unit disagree, a number written as a string or inside a
// one-element array, and Go values.
func TestSafeHarborAgeShapes(t *testing.T) {
	const age = `"code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]}`
	const O = over90JSON
	value := compile(t, minimize.Spec{Keep: []string{"Observation.code", "Observation.value[x]"}, SafeHarbor: true}, minimize.WithNow(now))
	tests := []struct {
		name      string
		v         *minimize.View // SafeHarbor when nil
		rec, want string
		malformed []string
	}{
		{name: "LOINC code without a system",
			rec:  `{"resourceType":"Observation","code":{"coding":[{"code":"30525-0"}]},"valueQuantity":{"value":1150,"unit":"mo"}}`,
			want: `{"resourceType":"Observation","code":{"coding":[{"code":"30525-0"}]},"valueQuantity":{"_value":` + O + `}}`},
		{name: "SNOMED code without a system",
			rec:  `{"resourceType":"Observation","code":{"coding":[{"code":"397669002"}]},"valueInteger":95}`,
			want: `{"resourceType":"Observation","code":{"coding":[{"code":"397669002"}]},"_valueInteger":` + O + `}`},
		{name: "coding as one object",
			rec:  `{"resourceType":"Observation","code":{"coding":{"system":"http://loinc.org","code":"30525-0"}},"valueQuantity":{"value":1150,"unit":"mo"}}`,
			want: `{"resourceType":"Observation","code":{"coding":{"system":"http://loinc.org","code":"30525-0"}},"valueQuantity":{"_value":` + O + `}}`},
		{name: "valueRatio",
			rec:  `{"resourceType":"Observation",` + age + `,"valueRatio":{"numerator":{"value":95},"denominator":{"value":1}}}`,
			want: `{"resourceType":"Observation",` + age + `,"valueRatio":{"numerator":{"_value":` + O + `},"denominator":{"value":1}}}`},
		{name: "valueRatio denominator in months",
			rec:  `{"resourceType":"Observation",` + age + `,"valueRatio":{"numerator":{"value":1,"code":"a"},"denominator":{"value":1200,"code":"mo"}}}`,
			want: `{"resourceType":"Observation",` + age + `,"valueRatio":{"numerator":{"value":1,"code":"a"},"denominator":{"_value":` + O + `,"code":"mo"}}}`},
		{name: "component valueRatio",
			rec:  `{"resourceType":"Observation","component":[{` + age + `,"valueRatio":{"numerator":{"value":95}}}]}`,
			want: `{"resourceType":"Observation","component":[{` + age + `,"valueRatio":{"numerator":{"_value":` + O + `}}}]}`},
		{name: "reference range by age in months, no age code",
			rec: `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
			 "referenceRange":[{"age":{"low":{"value":1100,"unit":"mo","system":"http://unitsofmeasure.org","code":"mo"},"high":{"value":1000,"code":"mo"}}}]}`,
			want: `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"2345-7"}]},
			 "referenceRange":[{"age":{"low":{"_value":` + O + `,"system":"http://unitsofmeasure.org","code":"mo"},"high":{"value":1000,"code":"mo"}}}]}`},
		{name: "reference range by age without a unit",
			rec:  `{"resourceType":"Observation","referenceRange":[{"age":{"low":{"value":18},"high":{"value":95}}}]}`,
			want: `{"resourceType":"Observation","referenceRange":[{"age":{"low":{"value":18},"high":{"_value":` + O + `}}}]}`},
		{name: "reference range by age, code and unit disagree",
			rec:  `{"resourceType":"Observation","referenceRange":[{"age":{"low":{"value":95,"code":"wk","unit":"a"}}}]}`,
			want: `{"resourceType":"Observation","referenceRange":[{"age":{"low":{"_value":` + O + `,"code":"wk"}}}]}`},
		{name: "age code, code and unit disagree",
			rec:  `{"resourceType":"Observation",` + age + `,"valueQuantity":{"value":95,"code":"wk","unit":"a"}}`,
			want: `{"resourceType":"Observation",` + age + `,"valueQuantity":{"_value":` + O + `,"code":"wk"}}`},
		{name: "quantity in years, code and unit disagree",
			rec:  `{"resourceType":"Observation","valueQuantity":{"value":95,"code":"wk","unit":"a"}}`,
			want: `{"resourceType":"Observation","valueQuantity":{"_value":` + O + `,"code":"wk"}}`},
		{name: "age string",
			rec:  `{"resourceType":"Observation",` + age + `,"valueInteger":"95"}`,
			want: `{"resourceType":"Observation",` + age + `,"_valueInteger":` + O + `}`},
		{name: "age string in a Quantity",
			rec:  `{"resourceType":"Observation",` + age + `,"valueQuantity":{"value":"95","code":"a"}}`,
			want: `{"resourceType":"Observation",` + age + `,"valueQuantity":{"_value":` + O + `,"code":"a"}}`},
		{name: "age string of 89",
			rec:  `{"resourceType":"Observation",` + age + `,"valueQuantity":{"value":"89","code":"a"}}`,
			want: `{"resourceType":"Observation",` + age + `,"valueQuantity":{"value":"89","code":"a"}}`},
		{name: "age string without a number", malformed: []string{"valueInteger"},
			rec:  `{"resourceType":"Observation",` + age + `,"valueInteger":"old"}`,
			want: `{"resourceType":"Observation",` + age + `}`},
		{name: "valueString with the age", v: value,
			rec:  `{"resourceType":"Observation",` + age + `,"valueString":"95 years"}`,
			want: `{` + age + `,"_valueString":` + O + `}`},
		{name: "valueString with a decimal age", v: value,
			rec:  `{"resourceType":"Observation",` + age + `,"valueString":"about 89.5"}`,
			want: `{` + age + `,"_valueString":` + O + `}`},
		{name: "valueString of a young age", v: value,
			rec:  `{"resourceType":"Observation",` + age + `,"valueString":"7 years"}`,
			want: `{` + age + `,"valueString":"7 years"}`},
		{name: "valueString without a number", v: value, malformed: []string{"valueString"},
			rec:  `{"resourceType":"Observation",` + age + `,"valueString":"very old"}`,
			want: `{` + age + `}`},
		{name: "valueString not an age", v: value,
			rec:  `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"valueString":"very old"}`,
			want: `{"code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"valueString":"very old"}`},
		{name: "one-element array of a number",
			rec:  `{"resourceType":"Observation",` + age + `,"valueInteger":[95]}`,
			want: `{"resourceType":"Observation",` + age + `}`},
		{name: "one-element array of a Quantity",
			rec:  `{"resourceType":"Observation",` + age + `,"valueQuantity":[{"value":95}]}`,
			want: `{"resourceType":"Observation",` + age + `,"valueQuantity":[{"_value":` + O + `}]}`},
		{name: "array of a Quantity and a number",
			rec:  `{"resourceType":"Observation",` + age + `,"valueInteger":[{"value":1000,"code":"mo"},95,7]}`,
			want: `{"resourceType":"Observation",` + age + `,"valueInteger":[{"value":1000,"code":"mo"},7]}`},
		{name: "an Age is an age", v: compile(t, minimize.Spec{Keep: []string{"Condition.onsetAge"}, SafeHarbor: true}, minimize.WithNow(now)),
			rec:  `{"resourceType":"Condition","onsetAge":{"value":1100,"code":"mo"}}`,
			want: `{"onsetAge":{"_value":` + O + `,"code":"mo"}}`},
		{name: "a transformed age", v: compile(t, minimize.Spec{Keep: []string{"Observation.code"}, Transform: map[string]string{"Observation.valueQuantity.value": "mask"}, SafeHarbor: true}, minimize.WithNow(now)),
			rec:  `{"resourceType":"Observation",` + age + `,"valueQuantity":{"value":95}}`,
			want: `{` + age + `,"valueQuantity":{"_value":` + O + `}}`},
	}
	for _, unit := range []string{"year(s)", "yr(s)", "Years", "y", "YRS", "yrs."} {
		tests = append(tests, struct {
			name      string
			v         *minimize.View
			rec, want string
			malformed []string
		}{name: "unit " + unit,
			rec:  `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"valueQuantity":{"value":95,"unit":"` + unit + `"}}`,
			want: `{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"1-8"}]},"valueQuantity":{"_value":` + O + `}}`})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			if v == nil {
				v = safeHarbor(t)
			}
			out, rep, err := v.Apply(decode(t, tt.rec))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
			assert.Equal(t, tt.malformed, rep.Malformed)
		})
	}
}

// TestSafeHarborAgesInGoValues reads the ages of Go values as those of
// the JSON they stand for.
func TestSafeHarborAgesInGoValues(t *testing.T) {
	loinc := func(code any) map[string]any {
		return map[string]any{"coding": []any{map[string]any{"system": "http://loinc.org", "code": code}}}
	}
	str := func(s string) *string { return &s }
	f95 := 95.0
	tests := []struct {
		name string
		rec  map[string]any
	}{
		{"int", map[string]any{"resourceType": "Observation", "code": loinc("30525-0"), "valueInteger": 95}},
		{"[]int", map[string]any{"resourceType": "Observation", "code": loinc("30525-0"), "valueInteger": []int{95}}},
		{"*float64", map[string]any{"resourceType": "Observation", "code": loinc("30525-0"), "valueQuantity": map[string]any{"value": &f95}}},
		{"map[string]float64", map[string]any{"resourceType": "Observation", "code": loinc("30525-0"), "valueQuantity": map[string]float64{"value": 95}}},
		{"code *string", map[string]any{"resourceType": "Observation", "code": loinc(str("30525-0")), "valueQuantity": map[string]any{"value": 1150, "code": "mo"}}},
		{"unit *string", map[string]any{"resourceType": "Observation", "valueQuantity": map[string]any{"value": 95, "code": str("a")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := safeHarbor(t).Apply(tt.rec)
			require.NoError(t, err)
			s := encode(t, out)
			assert.NotContains(t, s, "95")
			assert.NotContains(t, s, "1150")
		})
	}
}

// TestSafeHarborReportsAggregatedAges lists an aggregated age under
// Transformed, not under Released.
func TestSafeHarborReportsAggregatedAges(t *testing.T) {
	out, rep, err := safeHarbor(t).Apply(decode(t, `{"resourceType":"Observation",
	 "code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueQuantity":{"value":95,"code":"a"},
	 "component":[{"code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueInteger":95},
	  {"code":{"coding":[{"system":"http://loinc.org","code":"30525-0"}]},"valueInteger":12}]}`))
	require.NoError(t, err)
	require.Contains(t, encode(t, out), minimize.AgeOver89URL)
	assert.Equal(t, []string{"code.coding[].code", "code.coding[].system", "component[].code.coding[].code", "component[].code.coding[].system",
		"component[].valueInteger", "resourceType", "valueQuantity.code"}, rep.Released)
	assert.Equal(t, []string{"component[].valueInteger", "valueQuantity.value"}, rep.Transformed)
}

// TestSafeHarborExtensionDatesAreBirthDates holds every date inside an
// extension to the birth-date rule: it may be a birth date (birthTime),
// so it is aggregated when anyone born in its year may be over 89.
func TestSafeHarborExtensionDatesAreBirthDates(t *testing.T) {
	const birthTime = `"http://hl7.org/fhir/StructureDefinition/patient-birthTime"`
	tests := []struct {
		name      string
		keep      []string
		rec, want string
	}{
		{"birthTime", []string{"Patient._birthDate"},
			`{"resourceType":"Patient","birthDate":"1920-05-01","_birthDate":{"extension":[{"url":` + birthTime + `,"valueDateTime":"1920-05-01T10:11:00Z"}]}}`,
			`{"_birthDate":{"extension":[{"url":` + birthTime + `,"_valueDateTime":` + over90JSON + `}]}}`},
		{"birthTime old, birthDate young", []string{"Patient.birthDate", "Patient._birthDate"},
			`{"resourceType":"Patient","birthDate":"1990-05-01","_birthDate":{"extension":[{"url":` + birthTime + `,"valueDateTime":"1920-05-01T10:11:00Z"}]}}`,
			`{"birthDate":"1990","_birthDate":{"extension":[{"url":` + birthTime + `,"_valueDateTime":` + over90JSON + `}]}}`},
		{"young birthTime", []string{"Patient._birthDate"},
			`{"resourceType":"Patient","_birthDate":{"extension":[{"url":` + birthTime + `,"valueDateTime":"1990-05-01T10:11:00Z"}]}}`,
			`{"_birthDate":{"extension":[{"url":` + birthTime + `,"valueDateTime":"1990"}]}}`},
		{"any extension", []string{"Patient.extension"},
			`{"resourceType":"Patient","extension":[{"url":"http://example.org/birth","valueDate":"1920-05-01"},{"url":"http://example.org/year","valueDate":"1930"},
			 {"url":"http://example.org/seen","valuePeriod":{"start":"2001-02-03"}},{"url":"http://example.org/text","valueCode":"1920-05-01 10:00"}]}`,
			`{"extension":[{"url":"http://example.org/birth","_valueDate":` + over90JSON + `},{"url":"http://example.org/year","_valueDate":` + over90JSON + `},
			 {"url":"http://example.org/seen","valuePeriod":{"start":"2001"}},{"url":"http://example.org/text","_valueCode":` + over90JSON + `}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile(t, minimize.Spec{Keep: tt.keep, Transform: map[string]string{}, SafeHarbor: true}, minimize.WithNow(now))
			out, _, err := v.Apply(decode(t, tt.rec))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, encode(t, out))
		})
	}
}

// TestSafeHarborReportsChangedLeaves lists under Transformed, not
// Released, the leaves the Safe Harbor rules change: a date cut to its
// year, a birth date aggregated; a year released as it is stays Released.
func TestSafeHarborReportsChangedLeaves(t *testing.T) {
	tests := []struct {
		name                  string
		keep                  []string
		rec                   string
		released, transformed []string
	}{
		{"kept Patient", []string{"Patient"},
			`{"resourceType":"Patient","gender":"male","birthDate":"1920-01-01","deceasedDateTime":"2020-03-04T10:00:00Z"}`,
			[]string{"gender", "resourceType"}, []string{"birthDate", "deceasedDateTime"}},
		{"a year stays as it is", []string{"Patient"},
			`{"resourceType":"Patient","birthDate":"1974","deceasedDateTime":"2020"}`,
			[]string{"birthDate", "deceasedDateTime", "resourceType"}, nil},
		{"birthTime", []string{"Patient._birthDate"},
			`{"resourceType":"Patient","_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1950-03-04T10:11:00Z"}]}}`,
			[]string{"_birthDate.extension[].url"}, []string{"_birthDate.extension[].valueDateTime"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := compile(t, minimize.Spec{Keep: tt.keep, SafeHarbor: true}, minimize.WithNow(now))
			_, rep, err := v.Apply(decode(t, tt.rec))
			require.NoError(t, err)
			assert.Equal(t, tt.released, rep.Released)
			assert.Equal(t, tt.transformed, rep.Transformed)
		})
	}
}

// TestSafeHarborIdentifyingKeysOnlyWhereNamed checks that a Safe Harbor
// view releases names, address parts, telecoms, identifiers and references
// only where a path names them: an object found where the view keeps a
// value, or inside a kept concept, does not carry one out.
func TestSafeHarborIdentifyingKeysOnlyWhereNamed(t *testing.T) {
	rec := decode(t, `{"resourceType":"Patient","gender":{"name":"John Smith","text":"male"},
	 "address":[{"state":{"line":"1 Main St","city":"Springfield"},"country":"US","line":["2 Elm St"]}]}`)
	out, _, err := safeHarbor(t).Apply(rec)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Patient","address":[{"country":"US"}]}`, encode(t, out))

	obs := decode(t, `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2085-9"}],
	 "identifier":[{"value":"MRN 12345"}],"telecom":[{"value":"555-0100"}],"url":"https://example.org/john","reference":"Patient/john"}}`)
	out, _, err = safeHarbor(t).Apply(obs)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2085-9"}]}}`, encode(t, out))
}
