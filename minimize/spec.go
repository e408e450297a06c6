package minimize

// Spec describes a view: what of a record a disclosure may release.
type Spec struct {
	Keep      []string          `json:"keep" yaml:"keep"`           // paths released as they are: "subject.reference", "code.coding[].code"
	Transform map[string]string `json:"transform" yaml:"transform"` // path -> "mask" | "hash" | "year" | "zip3" | "age" | "drop" | a host transform's name
	Labels    string            `json:"labels" yaml:"labels"`       // where an element keeps its labels; default "meta.security[].code"
}
