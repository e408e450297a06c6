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
	key   string
	array bool
}

// isKeyByte reports whether c may appear in a path key.
func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// parsePath splits a path into its segments. Keys are [A-Za-z0-9_-]+,
// separated by '.', each optionally followed by "[]".
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
			if i+1 >= len(p) || p[i+1] != ']' {
				return nil, &PathError{Path: p, Pos: i, Msg: "'[' without ']'"}
			}
			if i+2 < len(p) && p[i+2] != '.' {
				return nil, &PathError{Path: p, Pos: i + 2, Msg: "'[]' not at the end of a segment"}
			}
			segs = append(segs, segment{key: p[start:i], array: true})
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
		if s.array {
			b = append(b, "[]"...)
		}
	}
	return string(b)
}
