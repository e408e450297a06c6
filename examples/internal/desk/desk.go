// Package desk prints what a person at a release-of-information desk wants
// to see of Custodian's work: the decision per category, the record as it
// leaves, the audit trail and the patient's accounting of disclosures. The
// examples share it; it is not part of the library.
package desk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/consent"
	"github.com/custodianhq/custodian/disclosure"
)

// Decision prints a decision, a line per category: effect, deciding rule,
// legal basis, view and obligations.
func Decision(w io.Writer, d disclosure.Decision) {
	for _, o := range d.Outcomes {
		rule := o.Rule
		if rule == "" {
			rule = "no rule permits (default deny)"
		}
		fmt.Fprintf(w, "   %-10s %-6s %s", o.Category, o.Effect, rule)
		if o.Basis != "" {
			fmt.Fprintf(w, " [%s]", o.Basis)
		}
		if o.Effect == consent.Permit {
			fmt.Fprintf(w, " view=%s", o.View)
		}
		if len(o.Obligations) > 0 {
			fmt.Fprintf(w, " obligations=%s", strings.Join(o.Obligations, ","))
		}
		if o.ConsentID != "" {
			fmt.Fprintf(w, " consent=%s", o.ConsentID)
		}
		fmt.Fprintln(w)
	}
}

// Record prints what of a record leaves: a line per resource with the
// elements released, or that nothing leaves.
func Record(w io.Writer, record map[string]any) {
	if record == nil {
		fmt.Fprintln(w, "   released: nothing")
		return
	}
	size := 0
	if b, err := json.Marshal(record); err == nil {
		size = len(b)
	}
	resources := []map[string]any{record}
	if record["resourceType"] == "Bundle" {
		resources = resources[:0]
		entries, _ := record["entry"].([]any)
		for _, e := range entries {
			if res, ok := e.(map[string]any)["resource"].(map[string]any); ok {
				resources = append(resources, res)
			}
		}
	}
	fmt.Fprintf(w, "   released: %d resource(s), %d bytes of JSON\n", len(resources), size)
	for _, res := range resources {
		keys := slices.Sorted(maps.Keys(res))
		keys = slices.DeleteFunc(keys, func(k string) bool { return k == "resourceType" })
		fmt.Fprintf(w, "     %-16s %-20s %s\n", res["resourceType"], label(res), strings.Join(keys, ", "))
	}
}

// label names a resource for a reader: its code's text, or its id.
func label(res map[string]any) string {
	if code, ok := res["code"].(map[string]any); ok {
		if t, ok := code["text"].(string); ok {
			return truncate(t, 20)
		}
	}
	if id, ok := res["id"].(string); ok {
		return id
	}
	return "-"
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// Trail prints the events of a JSON audit log, a line each, and whether its
// hash chain verifies.
func Trail(w io.Writer, log []byte) error {
	for ev, err := range audit.ReadLog(bytes.NewReader(log)) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   #%d %-10s %-7s %-28s %-9s %s", ev.Seq, ev.Type, ev.Outcome, ev.Recipient, ev.Purpose, strings.Join(ev.Categories, ","))
		if len(ev.Obligations) > 0 {
			fmt.Fprintf(w, " obligations=%s", strings.Join(ev.Obligations, ","))
		}
		if len(ev.Fields) > 0 {
			fmt.Fprintf(w, " fields=%d", len(ev.Fields))
		}
		fmt.Fprintf(w, " hash=%.12s…\n", ev.Hash)
	}
	if err := audit.Verify(bytes.NewReader(log)); err != nil {
		fmt.Fprintf(w, "   chain: BROKEN: %v\n", err)
		return nil
	}
	fmt.Fprintln(w, "   chain: verified")
	return nil
}

// Events reads the events of a JSON audit log.
func Events(log []byte) ([]audit.Event, error) {
	var err error
	events := slices.Collect(audit.Events(audit.ReadLog(bytes.NewReader(log)), &err))
	return events, err
}

// Accounting prints the accounting of disclosures a patient who asks at
// the given instant receives from the JSON audit log: the six years before.
func Accounting(w io.Writer, log []byte, patient string, at time.Time) error {
	events, err := Events(log)
	if err != nil {
		return err
	}
	from, to := audit.AccountingPeriod(at)
	entries := audit.Accounting(slices.Values(events), patient, from, to)
	if len(entries) == 0 {
		fmt.Fprintln(w, "   no disclosure to account for")
		return nil
	}
	for _, e := range entries {
		fmt.Fprintf(w, "   %s  to %s\n", e.Time.Format("2006-01-02 15:04"), e.RecipientName)
		fmt.Fprintf(w, "     what: %s\n", e.Description)
		fmt.Fprintf(w, "     why:  %s (%s)\n", e.PurposeText, e.Basis)
	}
	return nil
}

// Counter returns a generator of sequential IDs with the given prefix, so
// that an example prints the same IDs on every run.
func Counter(prefix string) func() string {
	var n atomic.Int64
	return func() string { return fmt.Sprintf("%s%04d", prefix, n.Add(1)) }
}
