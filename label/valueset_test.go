package label_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/internal/codesys"
	"github.com/custodianhq/custodian/label"
)

const goodSet = `# a host's own set
name: hiv-snomed
version: 1
category: HIV
system: http://snomed.info/sct
source: SNOMED CT US Edition 2026-09 (host licence)
license: SNOMED CT affiliate licence: not for redistribution
---
86406008   Human immunodeficiency virus infection
62479008*  Acquired immunodeficiency syndrome and below
1000..1009
!1005
`

func TestParseValueSet(t *testing.T) {
	v, err := label.ParseValueSet([]byte(goodSet))
	require.NoError(t, err)
	assert.Equal(t, "hiv-snomed", v.Name)
	assert.Equal(t, "1", v.Version)
	assert.Equal(t, "hiv-snomed@1", v.ID())
	assert.Equal(t, []string{"HIV"}, v.Categories)
	assert.Equal(t, "http://snomed.info/sct", v.System)
	assert.Equal(t, []label.Pattern{
		{Kind: label.Exact, Code: "86406008", Display: "Human immunodeficiency virus infection"},
		{Kind: label.Prefix, Code: "62479008", Display: "Acquired immunodeficiency syndrome and below"},
		{Kind: label.Range, Code: "1000", To: "1009"},
	}, v.Include)
	assert.Equal(t, []label.Pattern{{Kind: label.Exact, Code: "1005"}}, v.Exclude)
	for _, p := range v.Include {
		again, err := label.ParseValueSet([]byte(strings.Replace(goodSet, "86406008 ", p.String()+" ", 1)))
		require.NoError(t, err, p.String())
		assert.Equal(t, p.Kind, again.Include[0].Kind)
	}
}

func TestParseValueSetErrors(t *testing.T) {
	header := "name: x\nversion: 1\ncategory: HIV\nsystem: http://loinc.org\nsource: s\nlicense: l\n"
	tests := []struct {
		name  string
		data  string
		line  int
		field string
	}{
		{"empty", "", 0, ""},
		{"no separator", header + "B20\n", 7, ""},
		{"no codes", header + "---\n", 7, "include"},
		{"missing license", strings.Replace(header, "license: l\n", "", 1) + "---\nB20\n", 6, "license"},
		{"unknown field", "owner: me\n" + header + "---\nB20\n", 1, "owner"},
		{"duplicate field", header + "name: y\n---\nB20\n", 7, "name"},
		{"empty value", strings.Replace(header, "source: s", "source:", 1) + "---\nB20\n", 5, "source"},
		{"bad category", strings.Replace(header, "HIV", "H IV!", 1) + "---\nB20\n", 3, "category"},
		{"category twice", strings.Replace(header, "HIV", "HIV STD HIV", 1) + "---\nB20\n", 3, "category"},
		{"two-word name", strings.Replace(header, "name: x", "name: a b", 1) + "---\nB20\n", 1, "name"},
		{"star inside", header + "---\nB*20\n", 8, "include"},
		{"bare star", header + "---\n*\n", 8, "include"},
		{"range of unequal bounds", header + "---\nF10..F1\n", 8, "include"},
		{"reversed range", header + "---\nF19..F10\n", 8, "include"},
		{"open range", header + "---\nF10..\n", 8, "include"},
		{"starred range", header + "---\nF10*..F19*\n", 8, "include"},
		{"bad exclusion", header + "---\nB20\n!\n", 9, "exclude"},
		{"not UTF-8", header + "---\nB20 \xff\n", 0, ""},
		{"unknown coverage", header + "coverage: some\n---\nB20\n", 7, "coverage"},
		{"coverage in upper case", header + "coverage: Partial\n---\nB20\n", 7, "coverage"},
		{"empty coverage", header + "coverage:\n---\nB20\n", 7, "coverage"},
		{"coverage twice", header + "coverage: partial\ncoverage: partial\n---\nB20\n", 8, "coverage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := label.ParseValueSet([]byte(tt.data))
			require.Error(t, err)
			assert.ErrorIs(t, err, label.ErrInvalidValueSet)
			var ve *label.ValueSetError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.line, ve.Line, err.Error())
			assert.Equal(t, tt.field, ve.Field, err.Error())
		})
	}
}

func TestValueSetErrorMessage(t *testing.T) {
	_, err := label.ParseValueSet([]byte("name: hiv\nversion: 1\nbogus: 1\n"))
	require.Error(t, err)
	assert.Equal(t, `label: value set "hiv" line 3 field bogus: invalid value set: unknown header field "bogus" (want one of name, version, category, system, source, license, coverage)`, err.Error())
}

func TestNewRejects(t *testing.T) {
	good := label.ValueSet{
		Name: "x", Version: "1", Categories: []string{"HIV"}, System: "http://loinc.org",
		Source: "s", License: "l", Include: []label.Pattern{{Code: "1-1"}},
	}
	tests := []struct {
		name  string
		edit  func(*label.ValueSet)
		field string
	}{
		{"no name", func(v *label.ValueSet) { v.Name = "" }, "name"},
		{"no version", func(v *label.ValueSet) { v.Version = "" }, "version"},
		{"no category", func(v *label.ValueSet) { v.Categories = nil }, "category"},
		{"bad category", func(v *label.ValueSet) { v.Categories = []string{"a b"} }, "category"},
		{"category twice", func(v *label.ValueSet) { v.Categories = []string{"HIV", "HIV"} }, "category"},
		{"no system", func(v *label.ValueSet) { v.System = "" }, "system"},
		{"no source", func(v *label.ValueSet) { v.Source = " " }, "source"},
		{"no license", func(v *label.ValueSet) { v.License = "" }, "license"},
		{"no codes", func(v *label.ValueSet) { v.Include = nil }, "include"},
		{"empty code", func(v *label.ValueSet) { v.Include = []label.Pattern{{Code: ""}} }, "include[0]"},
		{"unknown kind", func(v *label.ValueSet) { v.Include = []label.Pattern{{Kind: 9, Code: "1"}} }, "include[0]"},
		{"exact with bound", func(v *label.ValueSet) { v.Include = []label.Pattern{{Code: "1", To: "2"}} }, "include[0]"},
		{"bad exclusion", func(v *label.ValueSet) { v.Exclude = []label.Pattern{{Kind: label.Range, Code: "2", To: "1"}} }, "exclude[0]"},
		{"ICD code that folds to nothing", func(v *label.ValueSet) {
			v.System = "http://hl7.org/fhir/sid/icd-10-cm"
			v.Include = []label.Pattern{{Kind: label.Prefix, Code: "."}}
		}, "include"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := good
			tt.edit(&v)
			_, err := label.New([]label.ValueSet{v})
			require.Error(t, err)
			assert.ErrorIs(t, err, label.ErrInvalidValueSet)
			var ve *label.ValueSetError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
	_, err := label.New([]label.ValueSet{good, good})
	assert.ErrorIs(t, err, label.ErrInvalidValueSet, "two sets of one name")
}

func TestReadValueSets(t *testing.T) {
	fsys := fstest.MapFS{
		"sets/a.vs":   {Data: []byte(goodSet)},
		"sets/b.vs":   {Data: []byte(strings.Replace(goodSet, "name: hiv-snomed", "name: other", 1))},
		"sets/c.txt":  {Data: []byte("not a set")},
		"broken/x.vs": {Data: []byte("name: x\n")},
	}
	sets, err := label.ReadValueSets(fsys, "sets/*.vs")
	require.NoError(t, err)
	require.Len(t, sets, 2)
	assert.Equal(t, "hiv-snomed", sets[0].Name)

	_, err = label.ReadValueSets(fsys, "broken/*.vs")
	require.Error(t, err)
	assert.ErrorIs(t, err, label.ErrInvalidValueSet)
	assert.Contains(t, err.Error(), "broken/x.vs")

	_, err = label.ReadValueSets(fsys, "none/*.vs")
	assert.Error(t, err)
	_, err = label.ReadValueSets(fsys, "[")
	assert.Error(t, err)
}

func TestExtendWithHostSet(t *testing.T) {
	host, err := label.ParseValueSet([]byte(goodSet))
	require.NoError(t, err)
	l, err := label.New(append(label.Shipped(), host))
	require.NoError(t, err)
	assert.Contains(t, l.ValueSets(), "hiv-snomed@1")
	assert.Equal(t, []string{"HIV"}, l.Categories("urn:oid:2.16.840.1.113883.6.96", "86406008"))
	assert.Equal(t, []string{"HIV"}, l.Categories("http://snomed.info/sct", "624790081"), "prefix")
	assert.Equal(t, []string{"HIV"}, l.Categories("http://snomed.info/sct", "1004"), "range")
	assert.Nil(t, l.Categories("http://snomed.info/sct", "1005"), "excluded")
	assert.Nil(t, l.Categories("http://snomed.info/sct", "1010"))

	rep, err := l.Classify(load(t, "Condition-f202.json"))
	require.NoError(t, err)
	assert.Equal(t, label.Normal, rep.Status(), "SNOMED CT is now covered, and f202 is a cancer")

	assert.Equal(t, label.Incomplete, mustClassify(t, label.Default(), "Condition-f202.json").Status(), "Default is unchanged")
}

func TestShippedSets(t *testing.T) {
	sets := label.Shipped()
	require.NotEmpty(t, sets)
	systems := map[string]bool{}
	for _, v := range sets {
		systems[v.System] = true
		assert.NotEmpty(t, v.Source, v.Name)
		assert.NotEmpty(t, v.License, v.Name)
		if v.System == codesys.RxNorm {
			assert.Equal(t, "2026.12.1", v.Version, v.Name)
			assert.Equal(t, label.CoveragePartial, v.Coverage, "%s lists ingredients only", v.Name)
			continue
		}
		version := "2026.12"
		if v.Name == "hiv-icd10cm" {
			version = "2026.12.1"
		}
		assert.Equal(t, version, v.Version, v.Name)
		assert.Equal(t, label.CoverageComplete, v.Coverage, v.Name)
	}
	assert.Equal(t, map[string]bool{
		"http://hl7.org/fhir/sid/icd-10-cm":           true,
		"http://loinc.org":                            true,
		"http://www.nlm.nih.gov/research/umls/rxnorm": true,
	}, systems, "only code systems whose licences allow redistribution")
	sets[0].Include[0].Code = "changed"
	sets[0].Categories[0] = "changed"
	assert.NotEqual(t, "changed", label.Shipped()[0].Include[0].Code, "Shipped returns copies")
	assert.NotEqual(t, "changed", label.Shipped()[0].Categories[0], "Shipped returns copies")
	assert.Len(t, label.Default().ValueSets(), len(sets))
	assert.Contains(t, label.Notice(), "Regenstrief Institute")
	assert.Contains(t, label.Default().String(), "value sets")
}

func TestWithNeutralSystems(t *testing.T) {
	l, err := label.New(label.Shipped(), label.WithNeutralSystems("http://acme.com/labs", "http://acme.com/labs/reports"))
	require.NoError(t, err)
	rep, err := l.Classify(load(t, "Bundle-ghp.json"))
	require.NoError(t, err)
	assert.Equal(t, label.Uncoded, rep.Resources[0].Status(), "its only code is declared neutral: nothing is left to check")
	assert.Empty(t, rep.Resources[0].Unchecked)
}

// mustClassify classifies a testdata record with l.
func mustClassify(t testing.TB, l *label.Labeler, name string) label.Report {
	t.Helper()
	rep, err := l.Classify(load(t, name))
	require.NoError(t, err)
	return rep
}

func TestParseValueSetLayout(t *testing.T) {
	data := "\ufeff# exported on Windows\r\n" +
		"name: dotted\r\nversion: 1\r\ncategory: ETH ETHUD\r\nsystem: urn:oid:2.16.840.1.113883.6.90\r\n" +
		"source: s\r\nlicense: l\r\n---\r\n" +
		"F10.1..F10.2\tAlcohol abuse and dependence\r\n" +
		"! F10.22*\r\n"
	v, err := label.ParseValueSet([]byte(data))
	require.NoError(t, err)
	assert.Equal(t, []label.Pattern{{Kind: label.Range, Code: "F10.1", To: "F10.2", Display: "Alcohol abuse and dependence"}}, v.Include)
	assert.Equal(t, []label.Pattern{{Kind: label.Prefix, Code: "F10.22"}}, v.Exclude)
	l, err := label.New([]label.ValueSet{v})
	require.NoError(t, err)
	tests := []struct {
		code string
		want []string
	}{
		{"F10.10", []string{"ETH", "ETHUD"}},
		{"F1020", []string{"ETH", "ETHUD"}},
		{"F10.229", nil},
		{"F10.9", nil},
		{"F10", nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, l.Categories("http://hl7.org/fhir/sid/icd-10-cm", tt.code), tt.code)
	}
}

func TestNeutralAndCoveredSystems(t *testing.T) {
	_, err := label.New(label.Shipped(), label.WithNeutralSystems("urn:oid:2.16.840.1.113883.6.1"))
	require.Error(t, err, "LOINC declared neutral would silence the LOINC sets")
	assert.ErrorIs(t, err, label.ErrInvalidValueSet)

	actSet := label.ValueSet{
		Name: "local-act", Version: "1", Categories: []string{"VIO"},
		System: "http://terminology.hl7.org/CodeSystem/v3-ActCode", Source: "s", License: "l",
		Include: []label.Pattern{{Code: "VIOLENCE"}},
	}
	l, err := label.New([]label.ValueSet{actSet})
	require.NoError(t, err)
	rep, err := l.Classify(map[string]any{"resourceType": "Observation", "code": map[string]any{"coding": []any{
		map[string]any{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "VIOLENCE"}}}})
	require.NoError(t, err)
	assert.Equal(t, []string{"VIO"}, rep.Categories(), "a value set makes a system neutral by default checked")
}

func TestHIVCategoryCodesCoverTheirSubcodes(t *testing.T) {
	l := label.Default()
	for _, code := range []string{"B20", "B20.9", "b209", "Z21", "Z21.0", "R75", "R75.1"} {
		assert.Equal(t, []string{"HIV"}, l.Categories(icd, code), code)
	}
	rep, err := l.Classify(coded(icd, "B20.9"))
	require.NoError(t, err)
	require.NotEmpty(t, rep.Resources[0].Findings)
	assert.Equal(t, "hiv-icd10cm@2026.12.1", rep.Resources[0].Findings[0].ValueSet, "the list's version names the change")
	assert.Nil(t, l.Categories(icd, "B21"))
}
