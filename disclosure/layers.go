package disclosure

import (
	"bytes"
	_ "embed"
	"sync"
)

// stateSensitiveLayer is the source of the shipped opt-in layer, embedded at
// build time.
//
//go:embed policies/state-hiv-genetic.yaml
var stateSensitiveLayer []byte

// stateSensitive combines the built-in policy with the layer once, on first
// use.
var stateSensitive = sync.OnceValue(func() *Policy {
	p, err := HIPAA().Extend(stateSensitiveLayer)
	if err != nil {
		// The embedded files are parsed by the package's own tests, so this
		// is a build defect, never a consequence of input.
		panic("disclosure: shipped layer policies/state-hiv-genetic.yaml does not parse: " + err.Error())
	}
	return p
})

// StateSensitive returns the built-in policy [HIPAA] with the shipped
// opt-in layer policies/state-hiv-genetic.yaml on top: a common pattern of
// state health-privacy law, stricter than HIPAA. HIV and genetic results and
// mental and behavioral health records (PSY, MH, BH) leave only under a
// consent that names them, except for the patient's own access, emergency
// treatment, a disclosure a law mandates, the Secretary and de-identified
// data; sexual and reproductive health, STD, pregnancy and domestic
// violence information is withheld from treatment, payment, operations and
// family without such a consent, except in an emergency. The layer only
// adds deny rules and protected categories, so it never permits what
// HIPAA alone denies.
//
// It is a pattern, not any one state's law: a host copies
// [StateSensitiveFile], cites its own statutes and loosens what its state
// allows. It is not legal advice. The same *Policy is returned to every
// caller; it is safe for concurrent use.
func StateSensitive() *Policy { return stateSensitive() }

// StateSensitiveFile returns a copy of the source of the shipped layer, for
// a host to read, copy and adapt before layering it with [Policy.Extend].
func StateSensitiveFile() []byte { return bytes.Clone(stateSensitiveLayer) }
