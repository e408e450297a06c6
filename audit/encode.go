package audit

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// errTimeRange reports a time that RFC 3339 cannot write.
var errTimeRange = errors.New("audit: event time outside the years 0000-9999")

// appendBody appends the canonical encoding of e without its closing brace
// and without its hash: every field in the order of the Event struct, from
// "id" to "prev_hash", the optional ones (policy_name to cancels) only when
// set. The canonical encoding of an event is this followed by "}"; a line
// of the JSON log is this followed by `,"hash":"…"}` and a newline. FORMAT.md
// specifies the exact rules.
func appendBody(b []byte, e *Event) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendString(b, e.ID)
	b = append(b, `,"time":"`...)
	t := e.Time.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return b, errTimeRange
	}
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","type":`...)
	b = appendString(b, string(e.Type))
	b = append(b, `,"actor":`...)
	b = appendString(b, e.Actor)
	b = append(b, `,"patient":`...)
	b = appendString(b, e.Patient)
	b = append(b, `,"recipient":`...)
	b = appendString(b, e.Recipient)
	b = append(b, `,"recipient_name":`...)
	b = appendString(b, e.RecipientName)
	b = append(b, `,"purpose":`...)
	b = appendString(b, e.Purpose)
	b = append(b, `,"outcome":`...)
	b = appendString(b, e.Outcome)
	b = append(b, `,"categories":`...)
	b = appendStrings(b, e.Categories)
	b = append(b, `,"fields":`...)
	b = appendStrings(b, e.Fields)
	b = append(b, `,"rule":`...)
	b = appendString(b, e.Rule)
	b = append(b, `,"basis":`...)
	b = appendString(b, e.Basis)
	b = append(b, `,"consent_id":`...)
	b = appendString(b, e.ConsentID)
	b = append(b, `,"reason":`...)
	b = appendString(b, e.Reason)
	b = append(b, `,"obligations":`...)
	b = appendStrings(b, e.Obligations)
	b = appendOptional(b, `,"policy_name":`, e.PolicyName)
	b = appendOptional(b, `,"policy_version":`, e.PolicyVersion)
	b = appendOptional(b, `,"policy_hash":`, e.PolicyHash)
	if len(e.Resources) > 0 {
		b = append(b, `,"resources":`...)
		b = appendStrings(b, e.Resources)
	}
	b = appendOptional(b, `,"correlation_id":`, e.CorrelationID)
	b = appendOptional(b, `,"cancels":`, e.Cancels)
	b = append(b, `,"per_category":[`...)
	for i := range e.PerCategory {
		c := &e.PerCategory[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"category":`...)
		b = appendString(b, c.Category)
		b = append(b, `,"effect":`...)
		b = appendString(b, c.Effect)
		b = append(b, `,"rule":`...)
		b = appendString(b, c.Rule)
		b = append(b, `,"basis":`...)
		b = appendString(b, c.Basis)
		b = append(b, `,"consent_id":`...)
		b = appendString(b, c.ConsentID)
		b = append(b, `,"obligations":`...)
		b = appendStrings(b, c.Obligations)
		b = append(b, '}')
	}
	b = append(b, `],"seq":`...)
	b = strconv.AppendUint(b, e.Seq, 10)
	b = append(b, `,"prev_hash":`...)
	b = appendString(b, e.PrevHash)
	return b, nil
}

// appendOptional appends the member key (with its leading comma and colon)
// and the string s, or nothing when s is empty: the fields added after the
// first version of the log are written only when set, so that a log written
// before them still verifies.
func appendOptional(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	b = append(b, key...)
	return appendString(b, s)
}

// appendStrings appends xs as a JSON array; nil and empty both give [].
func appendStrings(b []byte, xs []string) []byte {
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, x)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. The encoding is canonical: the
// same string always gives the same bytes, and decoding then encoding again
// gives them too. Quote and backslash are escaped, as \", \\; \n, \r and \t
// as themselves; every other control character below U+0020 as \u00XX;
// U+2028 and U+2029 as \u2028 and \u2029 (so a line is safe in JavaScript);
// each byte of invalid UTF-8 becomes U+FFFD, written as its UTF-8 bytes.
// Everything else, including <, > and &, is written as it is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Skip 8 bytes at a time while none needs attention.
		for i+8 <= len(s) && !special8(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const (
	lsb8 = 0x0101010101010101
	msb8 = 0x8080808080808080
)

// special8 reports whether one of the 8 bytes of s may need escaping or
// UTF-8 checking: a byte below 0x20, a quote, a backslash, or a byte of
// 0x80 or above. It may report true when none does (then the bytes are
// looked at one by one), never false when one does.
func special8(s string) bool {
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	q := x ^ ('"' * lsb8)
	bs := x ^ ('\\' * lsb8)
	r := (x - 0x20*lsb8) | (q - lsb8) | (bs - lsb8)
	return (r|x)&msb8 != 0
}
