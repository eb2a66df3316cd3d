package testkit

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// DecodedRuns decodes every run of base64 or hex characters of text at
// every offset, so that a value cannot hide in an encoded blob (a
// request body echoed whole in base64).
func DecodedRuns(text string) []string {
	var out []string
	isB64 := func(c byte) bool {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("+/-_=", c) >= 0
	}
	for i := 0; i < len(text); {
		if !isB64(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isB64(text[j]) {
			j++
		}
		run := strings.TrimRight(text[i:j], "=")
		for k := 0; k < 4 && k < len(run); k++ {
			part := run[k:]
			part = part[:len(part)/4*4]
			for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
				if b, err := enc.DecodeString(part); err == nil {
					out = append(out, string(b))
				}
			}
		}
		for k := 0; k < 2 && k < len(run); k++ {
			part := run[k:]
			if b, err := hex.DecodeString(part[:len(part)/2*2]); err == nil {
				out = append(out, string(b))
			}
		}
		i = j
	}
	return out
}
