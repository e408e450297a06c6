package audit_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/custodianhq/custodian/audit"
)

func TestWordsOfEveryCode(t *testing.T) {
	tests := []struct{ code, want string }{
		{"VIP", "information flagged as a public figure's"},
		{"EMP", "information flagged as an employee's"},
		{"ETH", "substance use treatment records"},
		{"LAB", "laboratory results"},
		{"XYZ", "XYZ"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, audit.CategoryText(tt.code), tt.code)
	}
	assert.Equal(t, "insurance claims", audit.PurposeText("CLMATTCH"))
	assert.Equal(t, "legal matters", audit.PurposeText("HLEGAL"))
	assert.Equal(t, "NOPE", audit.PurposeText("NOPE"))
}
