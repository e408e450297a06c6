package minimize

import "strconv"

// PathError reports a malformed path in a [Spec]: the path, the byte
// position of the problem and what is wrong there.
type PathError struct {
	Path string // the path as written in the Spec
	Pos  int    // byte offset of the problem in Path
	Msg  string // what is wrong, e.g. "empty segment"
}

// Error returns the path, the position and the problem.
func (e *PathError) Error() string {
	return "minimize: path " + strconv.Quote(e.Path) + ": " + e.Msg + " at byte " + strconv.Itoa(e.Pos)
}

// segment is one step of a path: a key of an object, and whether the value
// under that key is an array each of whose elements the rest of the path
// addresses.
type segment struct {
	key    string
	array  bool
	choice bool // "value[x]": every key "value" followed by an upper-case letter
}

// isKeyByte reports whether c may appear in a path key.
func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// parsePath splits a path into its segments. Keys are [A-Za-z0-9_-]+,
// separated by '.', each optionally followed by "[x]" (a choice type) and
// then "[]".
func parsePath(p string) ([]segment, error) {
	if p == "" {
		return nil, &PathError{Path: p, Pos: 0, Msg: "empty path"}
	}
	var segs []segment
	start := 0
	for i := 0; i <= len(p); {
		if i == len(p) || p[i] == '.' {
			if i == start {
				return nil, &PathError{Path: p, Pos: i, Msg: "empty segment"}
			}
			segs = append(segs, segment{key: p[start:i]})
			i++
			start = i
			if i == len(p)+1 {
				break
			}
			if i == len(p) {
				return nil, &PathError{Path: p, Pos: i, Msg: "empty segment"}
			}
			continue
		}
		c := p[i]
		switch {
		case isKeyByte(c):
			i++
		case c == '[':
			if i == start {
				return nil, &PathError{Path: p, Pos: i, Msg: "empty segment"}
			}
			seg := segment{key: p[start:i]}
			if i+2 < len(p) && p[i+1] == 'x' && p[i+2] == ']' {
				seg.choice = true
				i += 3
				if i == len(p) || p[i] == '.' {
					segs = append(segs, seg)
					if i == len(p) {
						return segs, nil
					}
					i++
					start = i
					if i == len(p) {
						return nil, &PathError{Path: p, Pos: i, Msg: "empty segment"}
					}
					continue
				}
				if p[i] != '[' {
					return nil, &PathError{Path: p, Pos: i, Msg: "'[x]' not at the end of a key"}
				}
			}
			if i+1 >= len(p) || p[i+1] != ']' {
				return nil, &PathError{Path: p, Pos: i, Msg: "'[' without ']'"}
			}
			if i+2 < len(p) && p[i+2] != '.' {
				return nil, &PathError{Path: p, Pos: i + 2, Msg: "'[]' not at the end of a segment"}
			}
			seg.array = true
			segs = append(segs, seg)
			i += 3
			start = i
			if i == len(p)+1 {
				return segs, nil
			}
			if i == len(p) {
				return nil, &PathError{Path: p, Pos: i, Msg: "empty segment"}
			}
		default:
			return nil, &PathError{Path: p, Pos: i, Msg: "bad character " + strconv.QuoteRune(rune(c))}
		}
	}
	return segs, nil
}

// pattern writes segments back as a path, the form reports use.
func pattern(segs []segment) string {
	var b []byte
	for i, s := range segs {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(b, s.key...)
		if s.choice {
			b = append(b, "[x]"...)
		}
		if s.array {
			b = append(b, "[]"...)
		}
	}
	return string(b)
}

// isResourceType reports whether a path's first key names a FHIR resource
// type: resource types begin with an upper-case letter, element names never
// do.
func isResourceType(key string) bool { return key != "" && key[0] >= 'A' && key[0] <= 'Z' }

// splitType separates a typed path's resource type from the rest. A path
// that is only a type ("Observation") releases the resource whole.
func splitType(segs []segment) (typ string, rest []segment) {
	if len(segs) > 0 && isResourceType(segs[0].key) && !segs[0].array && !segs[0].choice {
		return segs[0].key, segs[1:]
	}
	return "", segs
}

// matchesChoice reports whether key is a choice type of prefix:
// "valueQuantity" of "value".
func matchesChoice(key, prefix string) bool {
	return len(key) > len(prefix) && key[:len(prefix)] == prefix && key[len(prefix)] >= 'A' && key[len(prefix)] <= 'Z'
}
