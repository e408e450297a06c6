// Command coldstart measures what a fresh process pays to get an engine on
// the built-in policy: it runs itself -runs times as a child that calls
// disclosure.New(disclosure.HIPAA(), ...) once, and prints the distribution
// of the time New took (from the child) and of the whole process (from the
// parent: start, package initialization, New, exit).
//
//	go build -o /tmp/coldstart ./cmd/coldstart && /tmp/coldstart -runs 20
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/custodianhq/custodian/audit"
	"github.com/custodianhq/custodian/disclosure"
)

const childEnv = "CUSTODIAN_COLDSTART_CHILD"

func main() {
	if os.Getenv(childEnv) != "" {
		start := time.Now()
		if _, err := disclosure.New(disclosure.HIPAA(), disclosure.WithAudit(audit.Discard)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(time.Since(start).Nanoseconds())
		return
	}
	runs := flag.Int("runs", 20, "fresh processes to start")
	flag.Parse()
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var inNew, whole []time.Duration
	for range *runs {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), childEnv+"=1")
		start := time.Now()
		out, err := cmd.Output()
		whole = append(whole, time.Since(start))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		ns, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		inNew = append(inNew, time.Duration(ns))
	}
	report("New(HIPAA()) in a fresh process", inNew)
	report("the whole process", whole)
}

func report(what string, ds []time.Duration) {
	slices.Sort(ds)
	p := func(q float64) time.Duration { return ds[int(q*float64(len(ds)-1))] }
	fmt.Printf("%s over %d runs: min %v, p25 %v, median %v, p75 %v, max %v\n",
		what, len(ds), ds[0].Round(10*time.Microsecond), p(0.25).Round(10*time.Microsecond),
		p(0.5).Round(10*time.Microsecond), p(0.75).Round(10*time.Microsecond), ds[len(ds)-1].Round(10*time.Microsecond))
}
