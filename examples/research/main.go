// Command research builds a research extract of laboratory results from
// three patients' FHIR records, the way a laboratory answers a researcher.
//
// First as a de-identified data set: the request attests that the extract
// is de-identified by the Safe Harbor method, so the built-in policy
// releases it through the safe-harbor view (45 CFR 164.514(b)(2)): no name,
// identifier, contact data, record reference or free text; dates reduced to
// the year; ZIP codes to three digits. The program checks that no
// identifying value of the source records is left in the extract. A
// de-identified extract is not protected health information, so it is not
// accounted for.
//
// Then, for contrast, the same study under an IRB waiver of authorization
// (164.512(i)(1)(i)): the research view keeps birth dates, ZIP codes and
// record references for linkage, and each disclosure goes into the
// patient's accounting. The substance-use records come from a Part 2
// program: they stay out of the de-identified extract (42 CFR 2.54 lets
// de-identified Part 2 data go to public health only) and go to the study
// under the waiver (42 CFR 2.52(a)).
//
// Run it with:
//
//	go run ./examples/research
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
	"github.com/custodianhq/custodian/examples/internal/desk"
	"github.com/custodianhq/custodian/examples/internal/records"
)

// cohort lists each patient of the study with the files of their record.
var cohort = []struct {
	patient string
	files   []string
}{
	{"Patient/f001", []string{"Patient-f001.json", "Bundle-f001.json", "Observation-f001.json"}},
	{"Patient/f201", []string{"Patient-f201.json", "DiagnosticReport-f201.json", "Observation-f206.json", "Condition-f202.json"}},
	{"Patient/pat2", []string{"Patient-pat2.json", "Bundle-lipids.json"}},
}

var day = time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "research:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	var log bytes.Buffer
	engine, err := disclosure.New(disclosure.HIPAA(),
		disclosure.WithAudit(audit.NewJSONSink(&log)),
		disclosure.WithClock(func() time.Time { return day }),
		disclosure.WithIDGenerator(desk.Counter("study-")),
	)
	if err != nil {
		return err
	}
	researcher := consent.Party{ID: "Organization/lipid-study", Name: "Lipid Outcomes Study, State University", Kind: "researcher"}
	ask := func(patient string, attrs map[string]any) disclosure.Request {
		return disclosure.Request{
			Patient:    patient,
			Requester:  consent.Party{ID: "Device/research-export", Kind: "workforce"},
			Recipient:  researcher,
			Purpose:    consent.Research,
			Categories: []consent.Category{consent.Laboratory, consent.SubstanceUse},
			Attributes: attrs,
		}
	}

	fmt.Fprintln(w, "De-identified extract (Safe Harbor) for the Lipid Outcomes Study")
	for _, p := range cohort {
		record, err := loadRecord(p.patient, p.files)
		if err != nil {
			return err
		}
		rel, err := engine.Release(ctx, ask(p.patient, map[string]any{"de_identified": true, "part2_program": true}), record)
		if err != nil {
			return fmt.Errorf("%s: %w", p.patient, err)
		}
		fmt.Fprintf(w, "\n%s\n", p.patient)
		desk.Decision(w, rel.Decision)
		desk.Record(w, rel.Record)
		printPatient(w, record, rel.Record)
		ids := identifiers(record)
		if leaked := leaks(ids, rel.Record); len(leaked) > 0 {
			return fmt.Errorf("%s: identifying values left in the extract: %q", p.patient, leaked)
		}
		fmt.Fprintf(w, "   identifying values of the source left in the extract: none of %d checked\n", len(ids))
	}

	fmt.Fprintln(w, "\nThe same study under an IRB waiver of authorization, Patient/pat2:")
	record, err := loadRecord("Patient/pat2", cohort[2].files)
	if err != nil {
		return err
	}
	rel, err := engine.Release(ctx, ask("Patient/pat2", map[string]any{"irb_waiver": true, "part2_program": true}), record)
	if err != nil {
		return err
	}
	desk.Decision(w, rel.Decision)
	desk.Record(w, rel.Record)
	printPatient(w, record, rel.Record)

	fmt.Fprintln(w, "\nAudit trail:")
	if err := desk.Trail(w, log.Bytes()); err != nil {
		return err
	}
	for _, p := range cohort {
		fmt.Fprintf(w, "\nAccounting of disclosures for %s:\n", p.patient)
		if err := desk.Accounting(w, log.Bytes(), p.patient, day.Add(time.Hour)); err != nil {
			return err
		}
	}
	return nil
}

func loadRecord(patient string, files []string) (map[string]any, error) {
	return records.Bundle(strings.TrimPrefix(patient, "Patient/"), files...)
}

// printPatient shows the demographic elements of the Patient resource
// before and after.
func printPatient(w io.Writer, before, after map[string]any) {
	src, out := patientOf(before), patientOf(after)
	for _, k := range []string{"name", "identifier", "telecom", "birthDate", "address"} {
		if src[k] == nil {
			continue
		}
		fmt.Fprintf(w, "     %-10s %s -> %s\n", k, compact(src[k]), compact(out[k]))
	}
}

func patientOf(record map[string]any) map[string]any {
	if record == nil {
		return nil
	}
	for _, e := range record["entry"].([]any) {
		if res, ok := e.(map[string]any)["resource"].(map[string]any); ok && res["resourceType"] == "Patient" {
			return res
		}
	}
	return nil
}

func compact(v any) string {
	if v == nil {
		return "(removed)"
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// identifiers collects the values of a record that identify its patient
// under Safe Harbor: names, identifiers, contact data, street, city and
// full postal code, the full date of birth, record ids, references and
// URLs.
func identifiers(record map[string]any) []string {
	var out []string
	add := func(vs ...string) {
		for _, s := range vs {
			if len(s) >= 3 && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	for _, e := range record["entry"].([]any) {
		entry := e.(map[string]any)
		res, _ := entry["resource"].(map[string]any)
		add(leaves(entry["fullUrl"])...)
		add(leaves(res["id"])...)
		add(leaves(res["identifier"])...)
		add(under(res, "reference")...)
		if res["resourceType"] == "Patient" {
			add(leaves(res["name"])...)
			add(leaves(res["telecom"])...)
			add(leaves(res["birthDate"])...)
			for _, a := range asSlice(res["address"]) {
				am, _ := a.(map[string]any)
				for _, k := range []string{"line", "city", "district", "postalCode", "text"} {
					add(leaves(am[k])...)
				}
			}
		}
	}
	return out
}

// leaves returns the strings of v, at any depth.
func leaves(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case map[string]any:
		for _, x := range v {
			out = append(out, leaves(x)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, leaves(x)...)
		}
	}
	return out
}

// under returns the strings held by the given key, at any depth of v.
func under(v any, key string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == key {
				out = append(out, leaves(x)...)
				continue
			}
			out = append(out, under(x, key)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, under(x, key)...)
		}
	}
	return out
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// leaks returns the identifying values found among the extract's strings.
func leaks(ids []string, extract map[string]any) []string {
	strs := leaves(extract)
	var out []string
	for _, id := range ids {
		if slices.ContainsFunc(strs, func(s string) bool { return s == id || (len(id) >= 6 && strings.Contains(s, id)) }) {
			out = append(out, id)
		}
	}
	return out
}
