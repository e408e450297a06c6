package consent

import "errors"

var errTODO = errors.New("consent: not implemented")

// Validate reports every missing core element of a HIPAA authorization.
func (c *Consent) Validate() error { return errTODO }
