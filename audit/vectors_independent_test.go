package audit_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/custodianhq/custodian/audit"
)

// TestVectorsIndependent checks the vectors with a second verifier,
// written from FORMAT.md alone: it uses no code of the package, only
// crypto/sha256, crypto/hmac and encoding/json's tokenizer, so that the
// specification, the vectors and the library are each checked against the
// other two.
func TestVectorsIndependent(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			hashes, bad := specVerify(v.log(t), v.key(t))
			assert.Equal(t, v.FirstBadLine, bad, "first bad line")
			if v.FirstBadLine == 0 {
				assert.Equal(t, v.Hashes, hashes)
			}
		})
	}
}

// specVerify verifies a log as FORMAT.md describes. It returns the hash of
// each line that verified and the number of the first line that did not
// (0 if every line did).
func specVerify(log, key []byte) (hashes []string, badLine int) {
	const tail = len(`,"hash":"`) + 64 + len(`"}`)
	var prevSeq uint64
	prevHash := ""
	for n := 1; len(log) > 0; n++ {
		end := bytes.IndexByte(log, '\n')
		if end < 0 || end+1 > 1<<20 || end < tail {
			return hashes, n // incomplete, too long or too short
		}
		line := log[:end]
		log = log[end+1:]
		body, member := line[:end-tail], string(line[end-tail:])
		got := member[len(`,"hash":"`) : len(member)-2]
		if !strings.HasPrefix(member, `,"hash":"`) || !strings.HasSuffix(member, `"}`) || !isHash(got) {
			return hashes, n
		}
		canonical := append(append([]byte{}, body...), '}')
		seq, prev, ok := specCanonical(canonical)
		if !ok || (n == 1 && (seq != 1 || prev != "")) || (n > 1 && (seq != prevSeq+1 || prev != prevHash)) {
			return hashes, n
		}
		var h hash.Hash = sha256.New()
		if key != nil {
			h = hmac.New(sha256.New, key)
		}
		h.Write(canonical)
		if hex.EncodeToString(h.Sum(nil)) != got {
			return hashes, n
		}
		hashes = append(hashes, got)
		prevSeq, prevHash = seq, got
	}
	return hashes, 0
}

func isHash(s string) bool {
	_, err := hex.DecodeString(s)
	return len(s) == 64 && err == nil && s == strings.ToLower(s)
}

// specMember is a member of an event as FORMAT.md lists it: its key, its
// kind (string, time, list of strings, per-category list, seq) and whether
// it is written only when set.
type specMember struct {
	key, kind string
	optional  bool
}

var specEvent = []specMember{
	{"id", "s", false}, {"time", "t", false}, {"type", "s", false}, {"actor", "s", false}, {"patient", "s", false},
	{"recipient", "s", false}, {"recipient_name", "s", false}, {"purpose", "s", false}, {"outcome", "s", false},
	{"categories", "a", false}, {"fields", "a", false}, {"rule", "s", false}, {"basis", "s", false},
	{"consent_id", "s", false}, {"reason", "s", false}, {"obligations", "a", false},
	{"policy_name", "s", true}, {"policy_version", "s", true}, {"policy_hash", "s", true}, {"resources", "a", true},
	{"correlation_id", "s", true}, {"cancels", "s", true},
	{"per_category", "o", false}, {"seq", "n", false}, {"prev_hash", "s", false},
}

var specCategory = []specMember{
	{"category", "s", false}, {"effect", "s", false}, {"rule", "s", false}, {"basis", "s", false},
	{"consent_id", "s", false}, {"obligations", "a", false},
}

// specCanonical reads the canonical encoding of an event and writes it
// again by the rules of FORMAT.md; the encoding is canonical if the two
// are the same bytes. It returns seq and prev_hash.
func specCanonical(enc []byte) (seq uint64, prev string, ok bool) {
	d := json.NewDecoder(bytes.NewReader(enc))
	d.UseNumber()
	var out []byte
	var object func([]specMember) bool
	object = func(ms []specMember) bool {
		if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
			return false
		}
		out = append(out, '{')
		next := 0
		for written := 0; d.More(); written++ {
			tok, err := d.Token()
			key, isKey := tok.(string)
			for err == nil && isKey && next < len(ms) && ms[next].key != key && ms[next].optional {
				next++ // an optional member left out
			}
			if err != nil || !isKey || next == len(ms) || ms[next].key != key {
				return false // unknown, repeated or out of order
			}
			if written > 0 {
				out = append(out, ',')
			}
			out = append(specString(out, key), ':')
			m := ms[next]
			next++
			switch tok, err := d.Token(); {
			case err != nil:
				return false
			case m.kind == "s" || m.kind == "t":
				s, isStr := tok.(string)
				if !isStr || m.optional && s == "" {
					return false
				}
				if m.kind == "t" {
					t, err := time.Parse(time.RFC3339Nano, s)
					if err != nil {
						return false
					}
					s = t.UTC().Format(time.RFC3339Nano)
				}
				if key == "prev_hash" {
					prev = s
				}
				out = specString(out, s)
			case m.kind == "n":
				num, isNum := tok.(json.Number)
				if !isNum {
					return false
				}
				if seq, err = strconv.ParseUint(string(num), 10, 64); err != nil {
					return false
				}
				out = strconv.AppendUint(out, seq, 10)
			default: // a list
				if tok != json.Delim('[') {
					return false
				}
				out = append(out, '[')
				for i := 0; d.More(); i++ {
					if i > 0 {
						out = append(out, ',')
					}
					if m.kind == "o" {
						if !object(specCategory) {
							return false
						}
						continue
					}
					s, err := d.Token()
					if _, isStr := s.(string); err != nil || !isStr {
						return false
					}
					out = specString(out, s.(string))
				}
				if tok, err := d.Token(); err != nil || tok != json.Delim(']') || m.optional && out[len(out)-1] == '[' {
					return false
				}
				out = append(out, ']')
			}
		}
		for ; next < len(ms); next++ {
			if !ms[next].optional {
				return false // a member missing
			}
		}
		tok, err := d.Token()
		out = append(out, '}')
		return err == nil && tok == json.Delim('}')
	}
	if !object(specEvent) {
		return 0, "", false
	}
	if _, err := d.Token(); err != io.EOF {
		return 0, "", false
	}
	return seq, prev, bytes.Equal(out, enc)
}

// specString appends s as FORMAT.md writes a string.
func specString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s { // ranging turns each invalid byte into U+FFFD
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = append(b, string(r)...)
		}
	}
	return append(b, '"')
}

// FuzzVerifyAgreesWithSpec checks that the library and the verifier
// written from FORMAT.md reach the same verdict on any input, the vectors
// and their mutations: the same first bad line, the same hashes.
func FuzzVerifyAgreesWithSpec(f *testing.F) {
	hmacKey := []byte{}
	for _, v := range loadVectors(f) {
		key := v.key(f)
		if key != nil {
			hmacKey = key
		}
		f.Add(v.log(f), key != nil)
	}
	f.Fuzz(func(t *testing.T, log []byte, keyed bool) {
		var key []byte
		var opts []audit.VerifyOption
		if keyed {
			key = hmacKey
			opts = append(opts, audit.VerifyKey(key))
		}
		var hashes []string
		bad := 0
		for e, err := range audit.ReadLog(bytes.NewReader(log), opts...) {
			if err != nil {
				var ce *audit.ChainError
				if !errors.As(err, &ce) {
					t.Fatalf("not a ChainError: %v", err)
				}
				bad = ce.Line
				break
			}
			hashes = append(hashes, e.Hash)
		}
		specHashes, specBad := specVerify(log, key)
		if bad != specBad {
			t.Fatalf("library: first bad line %d; specification: %d", bad, specBad)
		}
		if !slices.Equal(hashes, specHashes) {
			t.Fatalf("hashes differ:\nlibrary       %q\nspecification %q", hashes, specHashes)
		}
	})
}

// TestVerifyAgreesWithSpecOnMutations is the fuzz target's check run over
// systematic single-byte mutations of the intact vectors: every 23rd byte
// replaced by each of a few that matter to JSON, or removed.
func TestVerifyAgreesWithSpecOnMutations(t *testing.T) {
	step := 23
	if raceEnabled || testing.Short() {
		step = 97 // the same checks, fewer of them: this test has no concurrency to race
	}
	for _, v := range loadVectors(t) {
		if v.FirstBadLine != 0 || v.Name == "edited-rechained" {
			continue
		}
		log, key := v.log(t), v.key(t)
		var opts []audit.VerifyOption
		if key != nil {
			opts = append(opts, audit.VerifyKey(key))
		}
		checked := 0
		for i := 0; i < len(log); i += step {
			for _, c := range []int{-1, ' ', '"', '\\', ',', '}', '0', 'a', '\n', 0xff} {
				m := append([]byte{}, log[:i]...)
				if c >= 0 {
					m = append(m, byte(c))
				}
				m = append(m, log[i+1:]...)
				_, specBad := specVerify(m, key)
				bad := 0
				var ce *audit.ChainError
				if err := audit.Verify(bytes.NewReader(m), opts...); errors.As(err, &ce) {
					bad = ce.Line
				} else if err != nil {
					t.Fatalf("not a ChainError: %v", err)
				}
				if bad != specBad {
					t.Fatalf("%s, byte %d set to %d: library: first bad line %d; specification: %d", v.Name, i, c, bad, specBad)
				}
				checked++
			}
		}
		assert.Positive(t, checked)
	}
}

// TestFormatExample checks the worked example of FORMAT.md: the log
// verifies, with the library and with the verifier written from the
// specification, and the canonical encoding and hash it states are right.
func TestFormatExample(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	require.NoError(t, err)
	block := func(fence string) string {
		_, rest, ok := strings.Cut(string(doc), "### 3.3 A worked example")
		require.True(t, ok)
		_, rest, ok = strings.Cut(rest, fence+"\n")
		require.True(t, ok, fence)
		body, _, ok := strings.Cut(rest, "```")
		require.True(t, ok)
		return body
	}
	log := block("```jsonl")
	require.NoError(t, audit.Verify(strings.NewReader(log)))
	hashes, bad := specVerify([]byte(log), nil)
	require.Zero(t, bad)
	require.Len(t, hashes, 2)

	canonical := strings.TrimSuffix(block("```json"), "\n")
	sum := sha256.Sum256([]byte(canonical))
	assert.Equal(t, hashes[0], hex.EncodeToString(sum[:]))
	assert.Contains(t, string(doc), "its SHA-256 is `"+hashes[0]+"`")
}
