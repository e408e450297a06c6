package audit_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

var t0 = time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)

// disclosureEvent is a realistic disclosure: a lab releasing three
// categories and ten fields to a public health authority.
func disclosureEvent(i int) audit.Event {
	return audit.Event{
		ID:            fmt.Sprintf("dec-%04d", i),
		Time:          t0.Add(time.Duration(i) * time.Minute),
		Type:          audit.TypeDisclosure,
		Actor:         "Device/lis-01",
		Patient:       "Patient/pat-001",
		Recipient:     "Organization/state-health-dept",
		RecipientName: "State Department of Health, 200 Capitol Ave, Springfield",
		Purpose:       "PUBHLTH",
		Outcome:       audit.OutcomePartial,
		Categories:    []string{"LAB", "HIV", "DEMO"},
		Fields: []string{
			"subject.reference", "code.coding[].code", "code.coding[].system", "valueQuantity.value",
			"valueQuantity.unit", "effectiveDateTime", "issued", "performer[].reference",
			"interpretation[].coding[].code", "specimen.reference",
		},
		Rule:        "public-health-reporting",
		Basis:       "45 CFR 164.512(b)",
		Reason:      "notifiable condition report",
		Obligations: []string{"account", "minimum-necessary"},
		PerCategory: []audit.CategoryOutcome{
			{Category: "LAB", Effect: "permit", Rule: "public-health-reporting", Basis: "45 CFR 164.512(b)", Obligations: []string{"account", "minimum-necessary"}},
			{Category: "HIV", Effect: "permit", Rule: "public-health-reporting", Basis: "45 CFR 164.512(b)", Obligations: []string{"account", "minimum-necessary"}},
			{Category: "DEMO", Effect: "permit", Rule: "public-health-reporting", Basis: "45 CFR 164.512(b)", Obligations: []string{"account", "minimum-necessary"}},
			{Category: "PSYTHPN", Effect: "deny", Rule: "psychotherapy-notes", Basis: "45 CFR 164.508(a)(2)"},
		},
	}
}

// writeLog writes n generated events through a JSONSink and returns the
// log.
func writeLog(t testing.TB, n int, opts ...audit.JSONOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	s := audit.NewJSONSink(&buf, opts...)
	for i := range n {
		require.NoError(t, s.Emit(context.Background(), disclosureEvent(i+1)))
	}
	return buf.Bytes()
}

// lines splits a log into its lines, each with its newline.
func lines(log []byte) []string {
	ls := strings.SplitAfter(string(log), "\n")
	if n := len(ls); n > 0 && ls[n-1] == "" {
		ls = ls[:n-1]
	}
	return ls
}
