package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// expectDecoded is what a JSON decoder should read back from
// appendString(s): s with each invalid byte replaced by U+FFFD.
func expectDecoded(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func checkString(t *testing.T, s string) {
	t.Helper()
	enc := appendString(nil, s)
	if !utf8.Valid(enc) {
		t.Fatalf("encoding of %q is not valid UTF-8", s)
	}
	var got string
	if err := json.Unmarshal(enc, &got); err != nil {
		t.Fatalf("encoding of %q is not JSON: %v: %s", s, err, enc)
	}
	if want := expectDecoded(s); got != want {
		t.Fatalf("round trip of %q: got %q, want %q", s, got, want)
	}
	// Canonical: encoding the decoded string gives the same bytes.
	if again := appendString(nil, got); string(again) != string(enc) {
		t.Fatalf("not canonical for %q: %s then %s", s, enc, again)
	}
	for _, c := range enc {
		if c < 0x20 || c == '\n' {
			t.Fatalf("raw control byte in %s", enc)
		}
	}
	if strings.Contains(string(enc), "\u2028") || strings.Contains(string(enc), "\u2029") {
		t.Fatalf("raw U+2028/U+2029 in %s", enc)
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "nl\n cr\r tab\t nul\x00 esc\x1b del\x7f",
		"<script>&amp;</script>", "é ü 漢字 🙂", "bad \xff\xfe utf8 \xc3", "\u2028\u2029", "\ufffd",
		"trailing \xe2\x82", strings.Repeat("x", 300),
	} {
		checkString(t, s)
	}
	if got := string(appendString(nil, "a\"\\\n\x01\u2028\xff")); got != `"a\"\\\n\u0001\u2028`+"\ufffd"+`"` {
		t.Fatalf("got %s", got)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00\x1f", "\u2028", "\xff", "é", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

// TestCanonicalMatchesEncodingJSON checks that the canonical encoding
// decodes with encoding/json to the event it came from.
func TestCanonicalMatchesEncodingJSON(t *testing.T) {
	e := Event{
		ID: "x\u2028", Type: TypeDisclosure, Patient: "p\n", Categories: []string{"LAB"},
		PerCategory: []CategoryOutcome{{Category: "LAB", Effect: "permit", Obligations: []string{"account"}}},
		Seq:         3, PrevHash: strings.Repeat("a", 64),
	}
	b, err := appendBody(nil, &e)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '}')
	var got Event
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	normalize(&got)
	b2, _ := appendBody(nil, &got)
	if string(append(b2, '}')) != string(b) {
		t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
	}
	if got.ID != e.ID || got.Patient != e.Patient || got.Seq != 3 || got.PerCategory[0].Obligations[0] != "account" {
		t.Fatalf("decoded %+v", got)
	}
}
