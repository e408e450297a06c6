package audit_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// The test vectors of FORMAT.md: logs, the key of the HMAC ones, the hash
// of every line of an intact log, and altered logs with the first line a
// verifier must reject. `go test ./audit -run TestVectors -update` writes
// them again; they change only when the format does.

const vectorDir = "testdata/vectors"

// vectorSet is testdata/vectors/vectors.json.
type vectorSet struct {
	Comment string   `json:"comment"`
	Vectors []vector `json:"vectors"`
}

// vector is one log and what a verifier must say of it.
type vector struct {
	Name         string   `json:"name"`
	What         string   `json:"what"`
	File         string   `json:"file"`
	KeyHex       string   `json:"key_hex,omitempty"` // HMAC-SHA-256 key in hex; none: plain SHA-256
	Hashes       []string `json:"hashes,omitempty"`  // an intact log: the hash of each line, in order
	FirstBadLine int      `json:"first_bad_line"`    // 0: the log verifies; else the first line to reject (from 1)
	Reason       string   `json:"reason,omitempty"`  // why that line is rejected
}

func (v vector) key(t testing.TB) []byte {
	t.Helper()
	if v.KeyHex == "" {
		return nil
	}
	k, err := hex.DecodeString(v.KeyHex)
	require.NoError(t, err)
	return k
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
	require.NoError(t, err)
	var set vectorSet
	require.NoError(t, json.Unmarshal(raw, &set))
	require.NotEmpty(t, set.Vectors)
	return set.Vectors
}

func (v vector) log(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorDir, v.File))
	require.NoError(t, err)
	return b
}

// TestVectors checks the library against the vectors: Verify accepts the
// intact logs with the hashes given and rejects each altered one at the
// line given, and JSONSink writes the intact logs byte for byte.
func TestVectors(t *testing.T) {
	if *update {
		writeVectors(t)
	}
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			log := v.log(t)
			var opts []audit.VerifyOption
			if key := v.key(t); key != nil {
				opts = append(opts, audit.VerifyKey(key))
			}
			var hashes []string
			var events []audit.Event
			var err error
			for e, rerr := range audit.ReadLog(bytes.NewReader(log), opts...) {
				if rerr != nil {
					err = rerr
					break
				}
				hashes = append(hashes, e.Hash)
				events = append(events, e)
			}
			if v.FirstBadLine == 0 {
				require.NoError(t, err)
				assert.Equal(t, v.Hashes, hashes)
				// Writing the events again gives the same bytes.
				var jopts []audit.JSONOption
				if key := v.key(t); key != nil {
					jopts = append(jopts, audit.WithHMACKey(key))
				}
				var again bytes.Buffer
				s := audit.NewJSONSink(&again, jopts...)
				for _, e := range events {
					require.NoError(t, s.Emit(context.Background(), e))
				}
				assert.Equal(t, string(log), again.String())
				return
			}
			var ce *audit.ChainError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, v.FirstBadLine, ce.Line, "first bad line (%s)", ce.Reason)
			assert.Len(t, hashes, v.FirstBadLine-1, "lines read before the bad one")
		})
	}
}

// vectorEvents are the events of the intact logs: every event type, every
// optional field both set and not, and strings that exercise each escaping
// rule.
func vectorEvents() []audit.Event {
	at := time.Date(2025, 3, 2, 9, 0, 0, 0, time.UTC)
	est := time.FixedZone("EST", -5*3600)
	return []audit.Event{
		{
			ID: "dec-0001", Time: at.Add(123456789 * time.Nanosecond), Type: audit.TypeDecision,
			Actor: `Practitioner/clerk-7`, Patient: "Patient/pat-001", Recipient: "acme-marketing",
			RecipientName: "Acme \"Direct\" Marketing, 5 Elm St\\Suite 2", Purpose: "HMARKT", Outcome: audit.OutcomeDeny,
			Categories: []string{"LAB"}, Rule: "default-deny",
			Reason:     "line one\nline two\ttabbed\r\x01\x1f end\u2028sep\u2029 <b>&amp; José Müller 漢字 🙂",
			PolicyName: "northside-lab", PolicyVersion: "2025.03", PolicyHash: strings.Repeat("0f", 32),
			CorrelationID: "req-7f3a",
			PerCategory:   []audit.CategoryOutcome{{Category: "LAB", Effect: "deny", Rule: "default-deny"}},
		},
		{
			ID: "dec-0002", Time: at.Add(time.Minute + 500*time.Millisecond).In(est), Type: audit.TypeDisclosure,
			Actor: "Device/lis-01", Patient: "Patient/pat-001", Recipient: "Organization/state-health-dept",
			RecipientName: "State Department of Health", Purpose: "PUBHLTH", Outcome: audit.OutcomePartial,
			Categories: []string{"LAB", "HIV"}, Fields: []string{"code.coding[].code", "valueQuantity.value"},
			Rule: "public-health-reporting", Basis: "45 CFR 164.512(b)", ConsentID: "roi-labs-2025",
			Obligations: []string{"account", "minimum-necessary"},
			PolicyName:  "northside-lab", PolicyVersion: "2025.03", PolicyHash: strings.Repeat("0f", 32),
			Resources:     []string{"Observation/hiv-vl-1", "Observation/cbc-7"},
			CorrelationID: "req-7f3b",
			PerCategory: []audit.CategoryOutcome{
				{Category: "LAB", Effect: "permit", Rule: "public-health-reporting", Basis: "45 CFR 164.512(b)", Obligations: []string{"account", "minimum-necessary"}},
				{Category: "HIV", Effect: "permit", Rule: "public-health-reporting", Basis: "45 CFR 164.512(b)", ConsentID: "roi-labs-2025", Obligations: []string{"account"}},
				{Category: "PSYTHPN", Effect: "deny", Rule: "psychotherapy-notes", Basis: "45 CFR 164.508(a)(2)"},
			},
		},
		{
			ID: "c1@2025-03-02T09:02:00Z", Time: at.Add(2 * time.Minute), Type: audit.TypeConsent, Actor: "Device/portal",
			Patient: "Patient/pat-001", Outcome: "revoked", ConsentID: "c1", Categories: []string{"HIV"},
		},
		{
			ID: "cx-0002", Time: at.Add(3 * time.Minute), Type: audit.TypeCancellation, Actor: "Device/lis-01",
			Patient: "Patient/pat-001", Cancels: "dec-0002", CorrelationID: "req-7f3b",
			Reason: "delivery to the recipient failed",
		},
		{
			ID: "dec-0003", Time: at.Add(4 * time.Minute), Type: audit.TypeDisclosure, Actor: "Device/lis-01",
			Patient: "Patient/pat-002", Recipient: "Organization/dr-lee", Purpose: "TREAT", Outcome: audit.OutcomePermit,
			Categories: []string{"LAB"}, Fields: []string{"code.text"}, Rule: "treatment", Basis: "45 CFR 164.506(c)",
		},
	}
}

// writeVectors writes testdata/vectors: the intact logs through a
// JSONSink, the altered ones by editing their bytes and, where the
// alteration is one that an attacker without the key could make, by
// recomputing the chain from the altered line on with plain SHA-256.
func writeVectors(t *testing.T) {
	t.Helper()
	const keyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	key, _ := hex.DecodeString(keyHex)
	write := func(opts ...audit.JSONOption) []string {
		var buf bytes.Buffer
		s := audit.NewJSONSink(&buf, opts...)
		for _, e := range vectorEvents() {
			require.NoError(t, s.Emit(context.Background(), e))
		}
		return lines(buf.Bytes())
	}
	plain, keyed := write(), write(audit.WithHMACKey(key))
	hashesOf := func(ls []string) []string {
		var hs []string
		for _, l := range ls {
			hs = append(hs, l[len(l)-67:len(l)-3])
		}
		return hs
	}

	set := vectorSet{Comment: "Test vectors of the Custodian audit log format (audit/FORMAT.md). Each vector names a log file in this directory, " +
		"the HMAC-SHA-256 key in hex if the log is keyed (none: SHA-256), and either the hash of every line (first_bad_line 0: the log verifies) " +
		"or the first line a verifier must reject, counted from 1. Every log starts a chain: its first line must have seq 1 and an empty prev_hash."}
	files := map[string]string{}
	add := func(v vector, ls []string) {
		set.Vectors = append(set.Vectors, v)
		files[v.File] = strings.Join(ls, "")
	}
	add(vector{Name: "sha256", What: "an intact log chained with SHA-256", File: "sha256.log",
		Hashes: hashesOf(plain)}, plain)
	add(vector{Name: "hmac", What: "the same events chained with HMAC-SHA-256 under the key", File: "hmac.log",
		KeyHex: keyHex, Hashes: hashesOf(keyed)}, keyed)
	set.Vectors = append(set.Vectors, vector{Name: "hmac-wrong-key", What: "hmac.log checked under another key",
		File: "hmac.log", KeyHex: strings.Repeat("ff", 32), FirstBadLine: 1, Reason: "hash does not match"})
	set.Vectors = append(set.Vectors, vector{Name: "hmac-as-sha256", What: "hmac.log checked without a key",
		File: "hmac.log", FirstBadLine: 1, Reason: "hash does not match"})

	edit := func(ls []string, i int, from, to string) []string {
		out := append([]string{}, ls...)
		require.Contains(t, out[i], from)
		out[i] = strings.Replace(out[i], from, to, 1)
		return out
	}
	altered := []struct {
		v  vector
		ls []string
	}{
		{vector{Name: "edited", What: "line 3: outcome revoked changed to stored", FirstBadLine: 3, Reason: "hash does not match"},
			edit(plain, 2, `"revoked"`, `"stored"`)},
		{vector{Name: "edited-rechained", What: "line 2: a recipient changed, and the chain recomputed from there with SHA-256: undetectable without a key or a kept last hash",
			FirstBadLine: 0}, rechain(t, edit(plain, 1, "state-health-dept", "state-health-dep2"), 1, nil)},
		{vector{Name: "deleted", What: "line 2 removed", FirstBadLine: 2, Reason: "seq 3 follows seq 1"},
			append(append([]string{}, plain[:1]...), plain[2:]...)},
		{vector{Name: "first-deleted", What: "line 1 removed", FirstBadLine: 1, Reason: "first line is not seq 1"}, plain[1:]},
		{vector{Name: "swapped", What: "lines 2 and 3 swapped", FirstBadLine: 2, Reason: "seq 3 follows seq 1"},
			[]string{plain[0], plain[2], plain[1], plain[3], plain[4]}},
		{vector{Name: "duplicated", What: "line 2 written twice", FirstBadLine: 3, Reason: "seq 2 follows seq 2"},
			[]string{plain[0], plain[1], plain[1], plain[2], plain[3], plain[4]}},
		{vector{Name: "truncated", What: "the last line cut short, without its newline", FirstBadLine: 5, Reason: "incomplete line"},
			append(append([]string{}, plain[:4]...), plain[4][:40])},
		{vector{Name: "no-final-newline", What: "the last line without its newline", FirstBadLine: 5, Reason: "incomplete line"},
			append(append([]string{}, plain[:4]...), strings.TrimSuffix(plain[4], "\n"))},
		{vector{Name: "space-rechained", What: "line 2: a space after a colon, chain recomputed", FirstBadLine: 2, Reason: "not canonical"},
			rechain(t, edit(plain, 1, `"type":"disclosure"`, `"type": "disclosure"`), 1, nil)},
		{vector{Name: "escape-rechained", What: "line 1: \\u0041 written for A, chain recomputed", FirstBadLine: 1, Reason: "not canonical"},
			rechain(t, edit(plain, 0, `"Acme`, `"\u0041cme`), 0, nil)},
		{vector{Name: "empty-optional-rechained", What: "line 5: an empty cancels member added, chain recomputed", FirstBadLine: 5, Reason: "not canonical"},
			rechain(t, edit(plain, 4, `,"per_category"`, `,"cancels":"","per_category"`), 4, nil)},
		{vector{Name: "empty-list-rechained", What: "line 3: an empty resources member added, chain recomputed", FirstBadLine: 3, Reason: "not canonical"},
			rechain(t, edit(plain, 2, `,"per_category"`, `,"resources":[],"per_category"`), 2, nil)},
		{vector{Name: "missing-member-rechained", What: "line 3: the empty recipient_name member removed, chain recomputed", FirstBadLine: 3, Reason: "not canonical"},
			rechain(t, edit(plain, 2, `"recipient_name":"",`, ``), 2, nil)},
		{vector{Name: "unknown-member-rechained", What: "line 3: a member not in the format added, chain recomputed", FirstBadLine: 3, Reason: "not canonical"},
			rechain(t, edit(plain, 2, `,"per_category"`, `,"note":"x","per_category"`), 2, nil)},
		{vector{Name: "duplicate-key-rechained", What: "line 4: patient given twice, chain recomputed", FirstBadLine: 4, Reason: "not canonical"},
			rechain(t, edit(plain, 3, `"patient":"Patient/pat-001",`, `"patient":"Patient/pat-001","patient":"Patient/pat-009",`), 3, nil)},
		{vector{Name: "time-offset-rechained", What: "line 2: the time written with an offset instead of Z, chain recomputed", FirstBadLine: 2, Reason: "not canonical"},
			rechain(t, edit(plain, 1, `"2025-03-02T09:01:00.5Z"`, `"2025-03-02T04:01:00.5-05:00"`), 1, nil)},
		{vector{Name: "seq-leading-zero-rechained", What: "line 3: seq written as 03, chain recomputed", FirstBadLine: 3, Reason: "not canonical"},
			rechain(t, edit(plain, 2, `"seq":3,`, `"seq":03,`), 2, nil)},
		{vector{Name: "hmac-edited-rechained", What: "hmac.log, line 3 edited and the chain recomputed with plain SHA-256 by someone without the key", KeyHex: keyHex,
			FirstBadLine: 3, Reason: "hash does not match"}, rechain(t, edit(keyed, 2, `"revoked"`, `"stored"`), 2, nil)},
	}
	for _, a := range altered {
		a.v.File = a.v.Name + ".log"
		if a.v.FirstBadLine == 0 {
			a.v.Hashes = hashesOf(a.ls)
		}
		add(a.v, a.ls)
	}

	require.NoError(t, os.MkdirAll(vectorDir, 0o755))
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(vectorDir, name), []byte(content), 0o644))
	}
	manifest, err := json.MarshalIndent(set, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(vectorDir, "vectors.json"), append(manifest, '\n'), 0o644))
}

// rechain recomputes prev_hash and hash of every line from index from on,
// as FORMAT.md says (HMAC-SHA-256 under key, SHA-256 if key is nil),
// whatever the lines hold.
func rechain(t *testing.T, ls []string, from int, key []byte) []string {
	t.Helper()
	out := append([]string{}, ls...)
	const tail = len(`,"hash":"`) + 64 + len(`"}`) + 1
	for i := from; i < len(out); i++ {
		body := out[i][:len(out[i])-tail]
		if i > 0 {
			prev := out[i-1][len(out[i-1])-67 : len(out[i-1])-3]
			j := strings.LastIndex(body, `"prev_hash":"`)
			require.Positive(t, j)
			body = body[:j] + `"prev_hash":"` + prev + `"`
		}
		var sum []byte
		if key != nil {
			m := hmac.New(sha256.New, key)
			m.Write([]byte(body + "}"))
			sum = m.Sum(nil)
		} else {
			s := sha256.Sum256([]byte(body + "}"))
			sum = s[:]
		}
		out[i] = body + `,"hash":"` + hex.EncodeToString(sum) + `"}` + "\n"
	}
	return out
}
