package label_test

import (
	"fmt"

	"github.com/custodianhq/custodian/label"
)

// ExampleNew extends the shipped value sets with a SNOMED CT set that a
// licensed host keeps in its own file.
func ExampleNew() {
	snomed, err := label.ParseValueSet([]byte(`# held under the host's SNOMED CT licence
name: hiv-snomed
version: 2026-09
category: HIV
system: urn:oid:2.16.840.1.113883.6.96
source: SNOMED CT US Edition 2026-09, chosen by the host
license: SNOMED CT affiliate licence (host's own; not redistributed)
---
86406008   Human immunodeficiency virus infection
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	l, err := label.New(append(label.Shipped(), snomed))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Categories("http://snomed.info/sct", "86406008"))
	fmt.Println(label.Default().Categories("http://snomed.info/sct", "86406008"))
	// Output:
	// [HIV]
	// []
}
