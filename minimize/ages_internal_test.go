package minimize

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAgeUnitsAtMostAYear pins what ages relies on to pass over a number
// of 89 or less: no unit states more than a year per unit.
func TestAgeUnitsAtMostAYear(t *testing.T) {
	for u, f := range yearsPer {
		assert.LessOrEqual(t, f, 1.0, u)
		assert.Greater(t, f, 0.0, u)
	}
}
