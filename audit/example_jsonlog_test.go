package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/custodianhq/custodian/audit"
)

// A log file run as in production: opened (and repaired after a crash),
// anchored by a checkpoint kept elsewhere, rotated, and verified as one
// chain across its files.
func ExampleOpenJSONLog() {
	dir, err := os.MkdirTemp("", "audit")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	key := []byte("from-your-secret-store-not-the-code") // an empty key is refused
	first, second := filepath.Join(dir, "audit-2025-03.jsonl"), filepath.Join(dir, "audit-2025-04.jsonl")

	log, repair, err := audit.OpenJSONLog(first, audit.WithHMACKey(key))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("repaired bytes:", repair.Removed)
	emit := func(id string) {
		err := log.Emit(context.Background(), audit.Event{
			ID: id, Time: time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC), Type: audit.TypeDisclosure,
			Patient: "Patient/p1", Recipient: "Organization/county-health", Purpose: "PUBHLTH",
			Outcome: audit.OutcomePermit, Categories: []string{"LAB"}, Obligations: []string{"account"},
		})
		if err != nil {
			fmt.Println(err)
		}
	}
	emit("d1")
	emit("d2")
	ended, err := log.Rotate(second) // the chain goes on in the new file
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("first file ends at seq", ended.Seq)
	emit("d3")
	anchor := log.Checkpoint() // keep it where the log's writer cannot reach
	fmt.Println("checkpoint at seq", anchor.Seq)
	if err := log.Close(); err != nil {
		fmt.Println(err)
	}

	fmt.Println("verified:", audit.VerifyFiles([]string{first, second},
		audit.VerifyKey(key), audit.VerifyCheckpoint(anchor)))

	// Someone empties the current file: the checkpoint shows it.
	if err := os.Truncate(second, 0); err != nil {
		fmt.Println(err)
	}
	err = audit.VerifyFiles([]string{first, second}, audit.VerifyKey(key), audit.VerifyCheckpoint(anchor))
	fmt.Println("emptied:", err != nil)
	// Output:
	// repaired bytes: 0
	// first file ends at seq 2
	// checkpoint at seq 3
	// verified: <nil>
	// emptied: true
}
