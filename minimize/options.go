package minimize

import "time"

// Option configures [Compile].
type Option func(*config)

// config collects what the options set.
type config struct {
	hashKey    []byte
	hashKeySet bool
	transforms map[string]Transformer
	now        func() time.Time
	zip3       []string
	zip3Set    bool
	safeHarbor bool
}

// WithSafeHarbor applies the Safe Harbor rules to every path of the view,
// as [Spec.SafeHarbor] does.
func WithSafeHarbor() Option {
	return func(c *config) { c.safeHarbor = true }
}

// WithHashKey sets the secret key of the "hash" transform (HMAC-SHA-256).
// A Spec that uses "hash" does not compile without it. The same key gives
// the same pseudonym for the same value, so keep it secret and stable for as
// long as pseudonyms must link; the key is copied.
func WithHashKey(key []byte) Option {
	k := append([]byte(nil), key...)
	return func(c *config) { c.hashKey, c.hashKeySet = k, true }
}

// WithTransform registers a host transform under name, for use in
// [Spec.Transform]. Names of built-in transforms cannot be taken. The
// transform must be safe for concurrent use: views are shared.
func WithTransform(name string, t Transformer) Option {
	return func(c *config) {
		if c.transforms == nil {
			c.transforms = map[string]Transformer{}
		}
		c.transforms[name] = t
	}
}

// WithNow sets the reference date of the age rules (the "birthyear"
// transform and the Safe Harbor rules); the default is [time.Now]. It is
// read at every Apply.
func WithNow(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithRestrictedZIP3 replaces the 3-digit ZIP prefixes that the "zip3"
// transform turns into "000" (areas of 20,000 people or fewer); the default
// is [ZIP3Census2000]. Each prefix must be three digits; the slice is copied.
func WithRestrictedZIP3(prefixes []string) Option {
	p := append([]string(nil), prefixes...)
	return func(c *config) { c.zip3, c.zip3Set = p, true }
}
