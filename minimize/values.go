package minimize

import (
	"encoding/json"
	"strconv"
)

// isLeaf reports whether v is a JSON scalar as encoding/json decodes it (or
// a Go integer or float a host put into a record). Other Go types are never
// released: they may hide maps or slices shared with the input.
func isLeaf(v any) bool {
	switch v.(type) {
	case nil, string, bool, float64, json.Number,
		float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

// number returns a numeric leaf as a float64.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// leafText returns the text a leaf stands for, as JSON would write it
// (strings unquoted).
func leafText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return string(x), true
	case nil:
		return "null", true
	}
	if f, ok := number(v); ok {
		return strconv.FormatFloat(f, 'g', -1, 64), true
	}
	return "", false
}

// parseDate reads the date part of an ISO 8601 / FHIR date or dateTime:
// "YYYY", "YYYY-MM", "YYYY-MM-DD", optionally followed by "T...". Missing
// month and day are returned as 1.
func parseDate(s string) (y, m, d int, ok bool) {
	if len(s) < 4 || !digits(s[:4]) {
		return 0, 0, 0, false
	}
	y, m, d = num(s[:4]), 1, 1
	rest := s[4:]
	if rest == "" {
		return y, m, d, true
	}
	if len(rest) < 3 || rest[0] != '-' || !digits(rest[1:3]) {
		return 0, 0, 0, false
	}
	if m = num(rest[1:3]); m < 1 || m > 12 {
		return 0, 0, 0, false
	}
	rest = rest[3:]
	if rest == "" {
		return y, m, d, true
	}
	if len(rest) < 3 || rest[0] != '-' || !digits(rest[1:3]) {
		return 0, 0, 0, false
	}
	if d = num(rest[1:3]); d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	rest = rest[3:]
	if rest != "" && rest[0] != 'T' {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
