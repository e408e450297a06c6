package bench

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnginesAgree checks that every engine decides every generated
// request as the typed cel-go floor does: the same effect and rule.
func TestEnginesAgree(t *testing.T) {
	engines, err := Engines()
	require.NoError(t, err)
	ctx := context.Background()
	reqs := Requests()
	require.Len(t, reqs, 4200)
	permits, rules := 0, map[string]bool{}
	for i := range reqs {
		want, err := engines[0].Decide(ctx, &reqs[i])
		require.NoError(t, err)
		if want.Permit {
			permits++
		}
		rules[want.Rule] = true
		for _, e := range engines[1:] {
			got, err := e.Decide(ctx, &reqs[i])
			require.NoError(t, err, e.Name())
			if !assert.Equal(t, want, got, "%s on request %d: %+v", e.Name(), i, reqs[i]) {
				return
			}
		}
	}
	assert.Greater(t, permits, 500, "the requests exercise permits")
	assert.Less(t, permits, 3700, "the requests exercise denials")
	assert.GreaterOrEqual(t, len(rules), 18, "the requests reach most rules: %v", rules)
}

func TestShapes(t *testing.T) {
	engines, err := Engines()
	require.NoError(t, err)
	for _, s := range Shapes {
		for _, e := range engines {
			got, err := e.Decide(context.Background(), &s.Request)
			require.NoError(t, err)
			assert.Equal(t, s.Want, got, "%s on %s", e.Name(), s.Name)
		}
	}
}

func BenchmarkDecide(b *testing.B) {
	engines, err := Engines()
	require.NoError(b, err)
	ctx := context.Background()
	for _, s := range Shapes {
		for _, e := range engines {
			b.Run(s.Name+"/"+e.Name(), func(b *testing.B) {
				r := s.Request
				b.ReportAllocs()
				for b.Loop() {
					if _, err := e.Decide(ctx, &r); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
