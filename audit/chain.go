package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// MaxLineSize is the longest line of a JSON log, newline included: a
// JSONSink refuses an event whose line would be longer, and the readers
// reject a longer line.
const MaxLineSize = 1 << 20

// hashLen is the length of a hash in hex: SHA-256 or HMAC-SHA-256.
const hashLen = 2 * sha256.Size

var closeBrace = []byte{'}'}

// chainHash computes the hash of a line: SHA-256, or HMAC-SHA-256 when a key
// is set, of the canonical encoding (the body and a closing brace), in
// lowercase hex. It reuses its state and is not safe for concurrent use.
type chainHash struct {
	h   hash.Hash
	sum [sha256.Size]byte
	hex [hashLen]byte
}

func newChainHash(key []byte) *chainHash {
	if key != nil {
		return &chainHash{h: hmac.New(sha256.New, key)}
	}
	return &chainHash{h: sha256.New()}
}

// of returns the hex hash of body+"}". The result aliases c until the next
// call.
func (c *chainHash) of(body []byte) []byte {
	c.h.Reset()
	c.h.Write(body)
	c.h.Write(closeBrace)
	hex.Encode(c.hex[:], c.h.Sum(c.sum[:0]))
	return c.hex[:]
}

// validHash reports whether s is a hash as the log writes it: 64 lowercase
// hex digits.
func validHash(s string) bool {
	if len(s) != hashLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
