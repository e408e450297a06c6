package consent

// This file holds the signatures the rest of the module builds against while
// the package is written; each declaration moves to its own file.

import "errors"

var errTODO = errors.New("consent: not implemented")

// Validate reports every missing core element of a HIPAA authorization.
func (c *Consent) Validate() error { return errTODO }

// ParseFHIR reads a FHIR R4 Consent.
func ParseFHIR(data []byte) (Consent, error) { return Consent{}, errTODO }

// MarshalFHIR writes c as FHIR R4 Consent JSON.
func (c *Consent) MarshalFHIR() ([]byte, error) { return nil, errTODO }

// FHIRDetails holds what a FHIR R4 Consent says beyond the model.
type FHIRDetails struct{}

func (d FHIRDetails) clone() FHIRDetails { return d }
