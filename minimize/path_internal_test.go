package minimize

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		path string
		want []segment
	}{
		{"status", []segment{{key: "status"}}},
		{"subject.reference", []segment{{key: "subject"}, {key: "reference"}}},
		{"code.coding[].code", []segment{{key: "code"}, {key: "coding", array: true}, {key: "code"}}},
		{"entry[].resource.valueQuantity", []segment{{key: "entry", array: true}, {key: "resource"}, {key: "valueQuantity"}}},
		{"meta.security[]", []segment{{key: "meta"}, {key: "security", array: true}}},
		{"a-b_C9", []segment{{key: "a-b_C9"}}},
		{"Observation.value[x]", []segment{{key: "Observation"}, {key: "value", choice: true}}},
		{"component[].value[x].code", []segment{{key: "component", array: true}, {key: "value", choice: true}, {key: "code"}}},
		{"value[x][]", []segment{{key: "value", choice: true, array: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := parsePath(tt.path)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.path, pattern(got))
		})
	}
}

func TestParsePathErrors(t *testing.T) {
	tests := []struct {
		path string
		pos  int
		msg  string
	}{
		{"", 0, "empty path"},
		{".a", 0, "empty segment"},
		{"a.", 2, "empty segment"},
		{"a..b", 2, "empty segment"},
		{"a[].", 4, "empty segment"},
		{"[]", 0, "empty segment"},
		{"a.[]", 2, "empty segment"},
		{"a b", 1, "bad character ' '"},
		{"a]", 1, "bad character ']'"},
		{"a.b*", 3, "bad character '*'"},
		{"a[", 1, "'[' without ']'"},
		{"a[y]", 1, "'[' without ']'"},
		{"a[x]b", 4, "'[x]' not at the end of a key"},
		{"a[]b", 3, "'[]' not at the end of a segment"},
		{"a[][]", 3, "'[]' not at the end of a segment"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := parsePath(tt.path)
			var pe *PathError
			require.True(t, errors.As(err, &pe), "error %v", err)
			assert.Equal(t, tt.path, pe.Path)
			assert.Equal(t, tt.pos, pe.Pos)
			assert.Equal(t, tt.msg, pe.Msg)
			assert.Contains(t, pe.Error(), "byte")
		})
	}
}
