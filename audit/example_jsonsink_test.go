package audit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/custodianhq/custodian/audit"
)

// A JSON log whose lines are chained by their hashes: Verify accepts it as
// written and names the line that was edited.
func ExampleJSONSink() {
	var log bytes.Buffer // in production, an *os.File opened with O_APPEND
	sink := audit.NewJSONSink(&log)
	at := time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, recipient := range []string{"Organization/county-health", "Organization/state-registry", "Organization/cdc"} {
		err := sink.Emit(context.Background(), audit.Event{
			ID: fmt.Sprintf("d%d", i+1), Time: at.Add(time.Duration(i) * time.Hour), Type: audit.TypeDisclosure,
			Patient: "Patient/p1", Recipient: recipient, Purpose: "PUBHLTH", Outcome: audit.OutcomePermit,
			Categories: []string{"LAB"}, Basis: "45 CFR 164.512(b)", Obligations: []string{"account"},
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("as written:", audit.Verify(bytes.NewReader(log.Bytes())))

	for e, err := range audit.ReadLog(bytes.NewReader(log.Bytes())) {
		if err != nil {
			fmt.Println(err)
			break
		}
		fmt.Println(e.Seq, e.ID, e.Recipient)
	}

	edited := bytes.Replace(log.Bytes(), []byte("state-registry"), []byte("state-register"), 1)
	err := audit.Verify(bytes.NewReader(edited))
	var ce *audit.ChainError
	if errors.As(err, &ce) {
		fmt.Println("edited: line", ce.Line, "-", ce.Reason)
	}
	// Output:
	// as written: <nil>
	// 1 d1 Organization/county-health
	// 2 d2 Organization/state-registry
	// 3 d3 Organization/cdc
	// edited: line 2 - hash does not match the line (edited, or a different key)
}
