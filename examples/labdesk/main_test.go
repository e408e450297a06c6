package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"LAB  permit authorization-employer",
		"HIV  deny   no rule permits",
		"LAB  permit public-health [45 CFR 164.512(b)(1)(i)] view=public-health obligations=account",
		"ETH  deny   deny-part2-without-authority",
		"ETH  permit part2-patient-access",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
