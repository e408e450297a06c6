package minimize_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/minimize"
)

// now is the clock of the age tests: 2026-06-15.
func now() time.Time { return time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC) }

// over90 stands, in the transform tests, for an aggregated age: the value
// removed and its primitive extension carrying minimize.AgeOver89URL.
const over90 = "90 or older"

// aggregated returns over90 when ext is the aggregate's primitive
// extension, and ext otherwise.
func aggregated(ext any) any {
	m, _ := ext.(map[string]any)
	for _, e := range asSlice(m["extension"]) {
		if em, _ := e.(map[string]any); em["url"] == minimize.AgeOver89URL && em["valueString"] == over90 {
			return over90
		}
	}
	return ext
}

// apply transforms the value v with transform name and returns the result
// (absent when the transform dropped it).
func apply(t *testing.T, name string, v any, opts ...minimize.Option) (any, bool, error) {
	t.Helper()
	view := compile(t, minimize.Spec{Transform: map[string]string{"v": name}}, opts...)
	out, _, err := view.Apply(map[string]any{"v": v})
	if err != nil {
		return nil, false, err
	}
	r, ok := out["v"]
	if agg, has := out["_v"]; has && !ok {
		// An age over 89: the value goes, its primitive extension says so.
		return aggregated(agg), true, nil
	}
	return r, ok, nil
}

func TestBuiltinTransforms(t *testing.T) {
	key := minimize.WithHashKey([]byte("secret"))
	tests := []struct {
		name      string
		transform string
		in        any
		want      any // nil: dropped
		opts      []minimize.Option
	}{
		{"mask string", "mask", "Chalmers", "***", nil},
		{"mask number", "mask", 42.0, "***", nil},
		{"mask array", "mask", []any{"a", "b"}, []any{"***", "***"}, nil},
		{"hash (openssl dgst -sha256 -hmac)", "hash", "MRN-12345", "f835c1ae998cc5dd4cbcf1361604c2e0", []minimize.Option{key}},
		{"hash number", "hash", 12345.0, "f88c7ebe4740db59c873cecf5e1f18e3", []minimize.Option{key}},
		{"year date", "year", "1974-12-25", "1974", nil},
		{"year dateTime", "year", "2013-04-02T09:30:10+01:00", "2013", nil},
		{"year month", "year", "2013-04", "2013", nil},
		{"year only", "year", "2013", "2013", nil},
		{"year array", "year", []any{"2013-04-02", "2014"}, []any{"2013", "2014"}, nil},
		{"zip3", "zip3", "02134", "021", nil},
		{"zip3 plus4", "zip3", "02134-1234", "021", nil},
		{"zip3 nine digits", "zip3", "021341234", "021", nil},
		{"zip3 restricted 2000", "zip3", "03601", "000", nil},
		{"zip3 790 restricted in 2000", "zip3", "79001", "000", nil},
		{"zip3 202 open in 2000", "zip3", "20201", "202", nil},
		{"zip3 202 restricted in 2020", "zip3", "20201", "000", []minimize.Option{minimize.WithRestrictedZIP3(minimize.ZIP3Census2020())}},
		{"zip3 790 open in 2020", "zip3", "79001", "790", []minimize.Option{minimize.WithRestrictedZIP3(minimize.ZIP3Census2020())}},
		{"zip3 foreign dropped", "zip3", "1024 RJ", nil, nil},
		{"zip3 four digits dropped", "zip3", "3999", nil, nil},
		{"age young", "age", 42.0, 42.0, nil},
		{"age 89", "age", 89.0, 89.0, nil},
		{"age 89.5", "age", 89.5, over90, nil},
		{"age 90", "age", 90.0, over90, nil},
		{"age json.Number", "age", json.Number("103"), over90, nil},
		{"age int", "age", 95, over90, nil},
		{"birthyear", "birthyear", "1974-12-25", "1974", nil},
		{"birthyear 89 today, 90 later this year", "birthyear", "1936-06-16", over90, nil},
		{"birthyear 89 today, 90 on 31 December", "birthyear", "1936-12-31", over90, nil},
		{"birthyear 90 today", "birthyear", "1936-06-15", over90, nil},
		{"birthyear year only", "birthyear", "1936", over90, nil},
		{"birthyear month only", "birthyear", "1936-07", over90, nil},
		{"birthyear 89 all year", "birthyear", "1937-01-01", "1937", nil},
		{"birthyear old", "birthyear", "1901-01-01", over90, nil},
		{"drop", "drop", "anything", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]minimize.Option{minimize.WithNow(now)}, tt.opts...)
			got, ok, err := apply(t, tt.transform, tt.in, opts...)
			require.NoError(t, err)
			if tt.want == nil {
				assert.False(t, ok, "got %v", got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestHashIsStableAndKeyed(t *testing.T) {
	a, _, err := apply(t, "hash", "MRN-12345", minimize.WithHashKey([]byte("secret")))
	require.NoError(t, err)
	b, _, err := apply(t, "hash", "MRN-12345", minimize.WithHashKey([]byte("secret")))
	require.NoError(t, err)
	c, _, err := apply(t, "hash", "MRN-12345", minimize.WithHashKey([]byte("other")))
	require.NoError(t, err)
	d, _, err := apply(t, "hash", "MRN-12346", minimize.WithHashKey([]byte("secret")))
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.NotEqual(t, a, d)
	assert.Len(t, a, 32)
}

func TestBuiltinTransformErrors(t *testing.T) {
	tests := []struct {
		transform string
		in        any
	}{
		{"year", 1974.0}, {"year", "25/12/1974"}, {"year", "1974-13-01"}, {"year", "1974-12-25X"},
		{"birthyear", true}, {"birthyear", "unknown"},
		{"zip3", 2134.0}, {"age", "95"}, {"age", []any{95.0, "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.transform, func(t *testing.T) {
			_, _, err := apply(t, tt.transform, tt.in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, minimize.ErrUnsupportedValue))
			assert.Contains(t, err.Error(), "path v: transform \""+tt.transform+"\"")
		})
	}
}

func TestHostTransform(t *testing.T) {
	initials := minimize.TransformFunc(func(v any) (any, error) {
		s, ok := v.(string)
		if !ok || s == "" {
			return nil, errors.New("not a name")
		}
		return s[:1] + ".", nil
	})
	v := compile(t, minimize.Spec{Transform: map[string]string{"name[].given": "initials"}}, minimize.WithTransform("initials", initials))
	out, rep, err := v.Apply(decode(t, `{"name":[{"family":"Chalmers","given":["Peter","James"]}]}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":[{"given":["P.","J."]}]}`, encode(t, out))
	assert.Equal(t, []string{"name[].given"}, rep.Transformed)
}
