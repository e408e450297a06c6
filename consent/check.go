package consent

import (
	"context"
	"fmt"
)

// Report is what Check found about one consent: its kind and whether it
// is valid. An authorization that is not valid is kept on file (it may be
// corrected, and it is evidence) but authorizes nothing.
type Report struct {
	ID   string
	Kind Kind  // as Classify returns it
	Err  error // Validate's error; nil when the consent is valid
}

// Authorizes reports whether the consent is an authorization that can
// permit a disclosure: of kind Authorization and valid.
func (r Report) Authorizes() bool { return r.Kind == Authorization && r.Err == nil }

// String returns a line for an import log, such as
// `consent "auth-1": authorization, valid`. It quotes only the ID.
func (r Report) String() string {
	if r.Err != nil {
		return fmt.Sprintf("consent %q: %s, not valid: %v", r.ID, r.Kind, r.Err)
	}
	return fmt.Sprintf("consent %q: %s, valid", r.ID, r.Kind)
}

// Check classifies and validates c: what a host reports when it imports a
// consent, read by ParseFHIR or built by hand. A restriction or directive
// needs only to be well formed; an authorization needs the core elements
// of 164.508(c)(1) as well (see Validate).
func Check(c *Consent) Report {
	return Report{ID: c.ID, Kind: c.Classify(), Err: c.Validate()}
}

// Import stores each consent with Put and returns a Report for each, in
// order: restrictions are kept whatever an authorization lacks, and an
// invalid authorization is stored but reported. It stops at the first
// consent Put refuses and returns the reports so far with that error.
func (s *MemoryStore) Import(ctx context.Context, cs ...Consent) ([]Report, error) {
	reports := make([]Report, 0, len(cs))
	for i := range cs {
		if err := s.Put(ctx, cs[i]); err != nil {
			return reports, err
		}
		reports = append(reports, Check(&cs[i]))
	}
	return reports, nil
}
