package label

import (
	"embed"
	"fmt"
	"sync"
)

//go:embed valuesets/*.vs valuesets/NOTICE
var shippedFS embed.FS

// shipped parses the embedded value sets once.
var shipped = sync.OnceValues(func() ([]ValueSet, error) {
	return ReadValueSets(shippedFS, "valuesets/*.vs")
})

// defaultLabeler compiles the shipped sets once.
var defaultLabeler = sync.OnceValues(func() (*Labeler, error) {
	sets, err := shipped()
	if err != nil {
		return nil, err
	}
	return New(sets)
})

// Shipped returns the value sets the library ships (ICD-10-CM, LOINC and
// RxNorm lists; see the package documentation), in file-name order. The
// slice and its sets are the caller's: changing them changes nothing else.
func Shipped() []ValueSet {
	sets, err := shipped()
	if err != nil {
		panic(fmt.Sprintf("label: shipped value sets: %v", err)) // a build defect, caught by the package's tests
	}
	out := make([]ValueSet, len(sets))
	for i, v := range sets {
		out[i] = v.clone()
	}
	return out
}

// Default returns a Labeler of the shipped value sets, compiled once and
// shared. To add sets of your own, call New(append(Shipped(), yours...)).
func Default() *Labeler {
	l, err := defaultLabeler()
	if err != nil {
		panic(fmt.Sprintf("label: shipped value sets: %v", err)) // a build defect, caught by the package's tests
	}
	return l
}

// Notice returns the licence notices of the shipped value sets (LOINC's
// among them), for a host's third-party notices.
func Notice() string {
	b, err := shippedFS.ReadFile("valuesets/NOTICE")
	if err != nil {
		panic(fmt.Sprintf("label: shipped notice: %v", err))
	}
	return string(b)
}
