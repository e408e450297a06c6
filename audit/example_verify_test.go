package audit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/audit"
)

// exampleLog writes three disclosures to a JSON log chained with key (none
// if nil) and returns the log and its last Seq and Hash.
func exampleLog(key []byte) (log []byte, seq uint64, hash string) {
	var buf bytes.Buffer
	var opts []audit.JSONOption
	if key != nil {
		opts = append(opts, audit.WithHMACKey(key))
	}
	sink := audit.NewJSONSink(&buf, opts...)
	at := time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, patient := range []string{"Patient/p1", "Patient/p2", "Patient/p1"} {
		err := sink.Emit(context.Background(), audit.Event{
			ID: fmt.Sprintf("d%d", i+1), Time: at.Add(time.Duration(i) * time.Hour), Type: audit.TypeDisclosure,
			Patient: patient, Recipient: "Organization/county-health", Purpose: "PUBHLTH",
			Categories: []string{"LAB"}, Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		})
		if err != nil {
			panic(err)
		}
	}
	seq, hash = sink.Last()
	return buf.Bytes(), seq, hash
}

// Verify checks a log's chain and names the first line that does not
// hold. A log chained with a key verifies only under that key; the last
// Seq and Hash, kept elsewhere, show lines cut from the end.
func ExampleVerify() {
	key := []byte("a key kept apart from the log, 32 bytes or more")
	log, seq, hash := exampleLog(key)
	verdict := func(err error) string {
		var ce *audit.ChainError
		if errors.As(err, &ce) {
			return fmt.Sprintf("line %d does not verify", ce.Line)
		}
		return fmt.Sprint(err)
	}

	fmt.Println("with the key:", verdict(audit.Verify(bytes.NewReader(log), audit.VerifyKey(key))))
	fmt.Println("without it:", verdict(audit.Verify(bytes.NewReader(log))))

	// The last line removed: the chain alone cannot tell, the kept link can.
	cut := log[:bytes.LastIndexByte(log[:len(log)-1], '\n')+1]
	fmt.Println("cut, chain only:", verdict(audit.Verify(bytes.NewReader(cut), audit.VerifyKey(key))))
	fmt.Println("cut, with the last link:", verdict(audit.Verify(bytes.NewReader(cut), audit.VerifyKey(key), audit.VerifyLast(seq, hash))))
	// Output:
	// with the key: <nil>
	// without it: line 1 does not verify
	// cut, chain only: <nil>
	// cut, with the last link: line 3 does not verify
}

// ReadLog yields the events of a log as it verifies them, for the host's
// own queries; Events adapts it for Accounting and FindAffected and keeps
// the first error.
func ExampleReadLog() {
	log, _, _ := exampleLog(nil)
	for e, err := range audit.ReadLog(bytes.NewReader(log)) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(e.Seq, e.ID, e.Patient, e.Time.Format(time.Kitchen))
	}

	var err error
	entries := audit.Accounting(audit.Events(audit.ReadLog(bytes.NewReader(log)), &err), "Patient/p1", time.Time{}, time.Time{})
	fmt.Println(len(entries), "accountable disclosures of Patient/p1, error:", err)
	// Output:
	// 1 d1 Patient/p1 9:00AM
	// 2 d2 Patient/p2 10:00AM
	// 3 d3 Patient/p1 11:00AM
	// 2 accountable disclosures of Patient/p1, error: <nil>
}
