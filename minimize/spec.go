package minimize

// Spec describes a view: what of a record a disclosure may release.
type Spec struct {
	// Keep lists the paths released as they are, with everything under them
	// (but extensions, primitive extensions and contained resources, which
	// go only where a path names them): "subject.reference",
	// "Observation.code.coding[].code", "Observation.value[x]".
	Keep []string `json:"keep" yaml:"keep"`
	// Transform maps a path to the transform its values go through: "mask",
	// "hash", "year", "zip3", "age", "birthyear", "drop" or a host
	// transform's name.
	Transform map[string]string `json:"transform" yaml:"transform"`
	// Labels names one more place where an element keeps security labels,
	// relative to it (bare codes, or Codings). meta.security and DS4P
	// inline labels are always checked; leave it empty unless a record
	// keeps labels elsewhere.
	Labels string `json:"labels" yaml:"labels"`
	// SafeHarbor applies the Safe Harbor rules to everything the view
	// releases (see the package documentation): free text goes unless a
	// path names it, every date goes to its year, ages over 89 are
	// aggregated, a malformed date is dropped and reported.
	SafeHarbor bool `json:"safeHarbor" yaml:"safe-harbor"`
}
