package vocab

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEveryCodeIsNamedOnce(t *testing.T) {
	for _, ts := range [][]Term{Purposes, Categories} {
		seen := map[string]bool{}
		for _, tt := range ts {
			assert.False(t, seen[tt.Code], "%s named twice", tt.Code)
			seen[tt.Code] = true
			assert.NotEmpty(t, tt.Words, tt.Code)
		}
	}
	for _, s := range Sensitive {
		assert.True(t, IsCategory(s), "sensitive %s is named", s)
	}
	for child, parent := range PurposeParent {
		assert.True(t, IsPurpose(parent), "the parent of %s is known", child)
	}
}

func TestLookups(t *testing.T) {
	w, ok := CategoryWords("VIP")
	assert.True(t, ok)
	assert.Equal(t, "information flagged as a public figure's", w)
	w, ok = PurposeWords("CLMATTCH")
	assert.True(t, ok)
	assert.Equal(t, "insurance claims", w)
	assert.False(t, IsCategory("hiv"), "comparison is exact")
	assert.False(t, IsCategory("XYZ"))
	assert.True(t, IsPurpose("PRECLINTRCH"), "a code of the hierarchy is known")
	assert.False(t, IsPurpose("TREATMENT"))
}
