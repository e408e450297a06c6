package minimize_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

func TestCompileValid(t *testing.T) {
	tests := []struct {
		name string
		spec minimize.Spec
		opts []minimize.Option
	}{
		{"empty", minimize.Spec{}, nil},
		{"keep", minimize.Spec{Keep: []string{"status", "code.coding[].code", "entry[].resource.valueQuantity"}}, nil},
		{"duplicate keep", minimize.Spec{Keep: []string{"status", "status"}}, nil},
		{"transform under kept prefix", minimize.Spec{Keep: []string{"address"}, Transform: map[string]string{"address[].postalCode": "zip3"}}, nil},
		{"every builtin", minimize.Spec{Transform: map[string]string{
			"a": "mask", "b": "hash", "c": "year", "d": "zip3", "e": "age", "f": "birthyear", "g": "drop",
		}}, []minimize.Option{minimize.WithHashKey([]byte("k"))}},
		{"host transform", minimize.Spec{Transform: map[string]string{"a": "upper"}},
			[]minimize.Option{minimize.WithTransform("upper", minimize.TransformFunc(func(v any) (any, error) { return v, nil }))}},
		{"labels", minimize.Spec{Labels: "meta.tag[].code"}, nil},
		{"zip3 table", minimize.Spec{}, []minimize.Option{minimize.WithRestrictedZIP3(minimize.ZIP3Census2020())}},
		{"nil option", minimize.Spec{}, []minimize.Option{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := minimize.Compile(tt.spec, tt.opts...)
			require.NoError(t, err)
			require.NotNil(t, v)
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		spec minimize.Spec
		opts []minimize.Option
		want []string // substrings of the joined error
	}{
		{"bad keep", minimize.Spec{Keep: []string{"a..b"}}, nil, []string{`path "a..b": empty segment at byte 2`}},
		{"bad transform path", minimize.Spec{Transform: map[string]string{"a[": "mask"}}, nil, []string{`path "a[": '[' without ']' at byte 1`}},
		{"unknown transform", minimize.Spec{Transform: map[string]string{"a": "rot13"}}, nil, []string{`path "a": unknown transform "rot13"`}},
		{"hash without key", minimize.Spec{Transform: map[string]string{"a": "hash"}}, nil, []string{`path "a": transform "hash" needs WithHashKey`}},
		{"empty hash key", minimize.Spec{}, []minimize.Option{minimize.WithHashKey(nil)}, []string{"hash key is empty"}},
		{"kept and transformed", minimize.Spec{Keep: []string{"a.b"}, Transform: map[string]string{"a.b": "mask"}}, nil, []string{`path "a.b" is both kept and transformed`}},
		{"paths under transform", minimize.Spec{Keep: []string{"a.b"}, Transform: map[string]string{"a": "mask"}}, nil, []string{`path "a" is transformed and has paths under it`}},
		{"array under transform", minimize.Spec{Keep: []string{"a[].b"}, Transform: map[string]string{"a": "drop"}}, nil, []string{`path "a" is transformed and has paths under it`}},
		{"bad labels", minimize.Spec{Labels: "meta.security[]x"}, nil, []string{`path "meta.security[]x"`}},
		{"builtin replaced", minimize.Spec{}, []minimize.Option{minimize.WithTransform("mask", minimize.TransformFunc(func(v any) (any, error) { return v, nil }))}, []string{`transform "mask" is built in`}},
		{"nil host transform", minimize.Spec{}, []minimize.Option{minimize.WithTransform("x", nil)}, []string{`transform "x" is nil`}},
		{"bad zip3", minimize.Spec{}, []minimize.Option{minimize.WithRestrictedZIP3([]string{"12"})}, []string{"three digits"}},
		{"several", minimize.Spec{Keep: []string{"", "ok", "a b"}, Transform: map[string]string{"x": "nope"}}, nil,
			[]string{`path "": empty path`, `path "a b": bad character ' ' at byte 1`, `unknown transform "nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := minimize.Compile(tt.spec, tt.opts...)
			require.Error(t, err)
			assert.Nil(t, v)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestCompilePathErrorIsTyped(t *testing.T) {
	_, err := minimize.Compile(minimize.Spec{Keep: []string{"ok", "code.coding[y]"}})
	var pe *minimize.PathError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, "code.coding[y]", pe.Path)
	assert.Equal(t, 11, pe.Pos)
	assert.Equal(t, "'[' without ']'", pe.Msg)
}

// TestCompileKeepsTheCause checks that a path's error wraps its cause
// rather than copying its text.
func TestCompileKeepsTheCause(t *testing.T) {
	_, err := minimize.Compile(minimize.Spec{Transform: map[string]string{"a": "nosuch"}})
	require.Error(t, err)
	var causes []string
	for e := err; e != nil; {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			require.Len(t, j.Unwrap(), 1)
			e = j.Unwrap()[0]
			continue
		}
		causes = append(causes, e.Error())
		e = errors.Unwrap(e)
	}
	assert.Equal(t, []string{`minimize: path "a": unknown transform "nosuch"`, `unknown transform "nosuch"`}, causes)
}
