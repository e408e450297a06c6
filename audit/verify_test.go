package audit_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

const logLines = 20

// requireBadLine verifies log and requires a ChainError naming line.
func requireBadLine(t *testing.T, log []string, line int, opts ...audit.VerifyOption) {
	t.Helper()
	err := audit.Verify(strings.NewReader(strings.Join(log, "")), opts...)
	var ce *audit.ChainError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, line, ce.Line, "%v", err)
}

func TestVerifyDetectsEveryTamper(t *testing.T) {
	orig := lines(writeLog(t, logLines))
	require.Len(t, orig, logLines)
	seq, hash, err := audit.LastLink(strings.NewReader(strings.Join(orig, "")))
	require.NoError(t, err)
	last := audit.VerifyLast(seq, hash)
	other := lines(writeLog(t, logLines, audit.WithHMACKey([]byte("other"))))

	for k := 1; k <= logLines; k++ {
		i := k - 1
		t.Run(fmt.Sprintf("edit/%d", k), func(t *testing.T) {
			log := slices.Clone(orig)
			log[i] = strings.Replace(log[i], "Patient/pat-001", "Patient/pat-002", 1)
			requireBadLine(t, log, k)
		})
		t.Run(fmt.Sprintf("edit-seq/%d", k), func(t *testing.T) {
			log := slices.Clone(orig)
			log[i] = strings.Replace(log[i], fmt.Sprintf(`"seq":%d,`, k), fmt.Sprintf(`"seq":%d,`, k+100), 1)
			requireBadLine(t, log, k)
		})
		t.Run(fmt.Sprintf("reformat/%d", k), func(t *testing.T) {
			log := slices.Clone(orig)
			log[i] = strings.Replace(log[i], `","type":`, `", "type":`, 1)
			requireBadLine(t, log, k)
		})
		t.Run(fmt.Sprintf("delete/%d", k), func(t *testing.T) {
			log := slices.Delete(slices.Clone(orig), i, i+1)
			if k == logLines {
				// The chain alone cannot show a missing last line; the
				// anchor can.
				require.NoError(t, audit.Verify(strings.NewReader(strings.Join(log, ""))))
				requireBadLine(t, log, k, last)
				return
			}
			requireBadLine(t, log, k)
		})
		if k < logLines {
			t.Run(fmt.Sprintf("swap/%d", k), func(t *testing.T) {
				log := slices.Clone(orig)
				log[i], log[i+1] = log[i+1], log[i]
				requireBadLine(t, log, k)
			})
		}
		t.Run(fmt.Sprintf("duplicate/%d", k), func(t *testing.T) {
			log := slices.Insert(slices.Clone(orig), i+1, orig[i])
			requireBadLine(t, log, k+1)
		})
		t.Run(fmt.Sprintf("insert-foreign/%d", k), func(t *testing.T) {
			log := slices.Insert(slices.Clone(orig), i, other[i])
			requireBadLine(t, log, k)
		})
	}
}

// A forger without a key who recomputes the hash of the line they edited
// breaks the next line's link.
func TestVerifyRecomputedLine(t *testing.T) {
	orig := lines(writeLog(t, 5))
	// Rebuild lines 1..3 with line 3 edited, through a sink: its line 3 is
	// self-consistent, and line 4 of the original no longer links to it.
	var buf bytes.Buffer
	w := audit.NewJSONSink(&buf)
	for i := 1; i <= 3; i++ {
		e := disclosureEvent(i)
		if i == 3 {
			e.Recipient = "Organization/elsewhere"
		}
		require.NoError(t, w.Emit(t.Context(), e))
	}
	log := append(lines(buf.Bytes()), orig[3:]...)
	requireBadLine(t, log, 4)
}

func TestVerifyMalformed(t *testing.T) {
	good := lines(writeLog(t, 3))
	for name, c := range map[string]struct {
		log    string
		line   int
		reason string
	}{
		"not json":           {good[0] + "hello\n", 2, "malformed JSON"},
		"wrong type":         {strings.Replace(good[0], `"seq":1`, `"seq":"1"`, 1), 1, `"seq" has the wrong type`},
		"bad time":           {strings.Replace(good[0], `"time":"2025-03-02T09:01:00Z"`, `"time":"yesterday"`, 1), 1, "RFC 3339"},
		"non-canonical time": {strings.Replace(good[0], `09:01:00Z`, `09:01:00.000Z`, 1), 1, "canonical"},
		"unknown field":      {strings.Replace(good[0], `{"id"`, `{"x":1,"id"`, 1), 1, "canonical"},
		"crlf":               {strings.Replace(good[0], "\n", "\r\n", 1), 1, ""},
		"empty line":         {good[0] + "\n" + good[1], 2, ""},
		"no newline":         {good[0] + strings.TrimSuffix(good[1], "\n"), 2, "incomplete"},
		"short hash":         {strings.Replace(good[0], `"}`+"\n", `0"}`+"\n", 1), 1, "hash"},
		"starts mid-chain":   {good[1] + good[2], 1, "VerifyStart"},
	} {
		t.Run(name, func(t *testing.T) {
			err := audit.Verify(strings.NewReader(c.log))
			var ce *audit.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, c.line, ce.Line)
			assert.Contains(t, ce.Error(), c.reason)
			assert.NotContains(t, ce.Error(), "pat-001", "no patient data in errors")
		})
	}
	assert.NoError(t, audit.Verify(strings.NewReader("")), "an empty log")
	assert.NoError(t, audit.Verify(strings.NewReader(good[1]+good[2]), audit.VerifyAnyStart()))
}

func TestVerifyLineTooLong(t *testing.T) {
	good := lines(writeLog(t, 2))
	long := good[0] + strings.Repeat("x", audit.MaxLineSize+10) + "\n" + good[1]
	var ce *audit.ChainError
	require.ErrorAs(t, audit.Verify(strings.NewReader(long)), &ce)
	assert.Equal(t, 2, ce.Line)
	assert.ErrorIs(t, ce, audit.ErrLineTooLong)
	_, err := 0, error(nil)
	for _, err = range audit.ReadLog(strings.NewReader(long)) {
		if err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, audit.ErrLineTooLong)
}
