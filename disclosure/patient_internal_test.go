package disclosure

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckRecordAllocations pins the cost of the patient check on a
// Bundle: one allocation, the list of its resources.
func TestCheckRecordAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	record := lipidsBundle(t)
	f, err := checkRecord(record, "pat2")
	require.NoError(t, err)
	require.NoError(t, f.foreign)
	require.Len(t, f.resources, 5)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := checkRecord(record, "pat2"); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 1.0, allocs)
}

func TestPatientRef(t *testing.T) {
	tests := []struct {
		ref  string
		id   string
		isOK bool
	}{
		{"Patient/pat2", "pat2", true},
		{"Patient/pat2/_history/3", "pat2", true},
		{"https://ehr.example/fhir/Patient/pat2", "pat2", true},
		{"http://x/Patient/a.b-C", "a.b-C", true},
		{"Patient/", "", false},
		{"Patient/pat 2", "", false},
		{"Patient/pat2?x=1", "", false},
		{"RelatedPatient/pat2", "", false},
		{"x/Patient/pat2", "", false},
		{"Group/pat2", "", false},
		{"urn:uuid:6f0e", "", false},
		{"#p1", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		id, ok := patientRef(tt.ref)
		assert.Equal(t, tt.isOK, ok, tt.ref)
		if tt.isOK {
			assert.Equal(t, tt.id, id, tt.ref)
		}
	}
}

func BenchmarkCheckRecord(b *testing.B) {
	record := lipidsBundle(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := checkRecord(record, "pat2"); err != nil {
			b.Fatal(err)
		}
	}
}

// lipidsBundle reads the lipids Bundle of testdata/fhir, whose patient is
// Patient/pat2.
func lipidsBundle(tb testing.TB) map[string]any {
	tb.Helper()
	data, err := os.ReadFile("testdata/fhir/Bundle-lipids.json")
	require.NoError(tb, err)
	var record map[string]any
	require.NoError(tb, json.Unmarshal(data, &record))
	return record
}
