package compiler

import (
	"strconv"
	"unicode/utf8"
)

// JSON returns the template as amlc writes it: 2-space indent, members in a
// fixed order, <, > and & not escaped, and a final newline. The bytes are
// those of an [encoding/json.Encoder] with SetIndent("", "  ") and SetEscapeHTML(false)
// encoding t, printed without the encoder's round trip through reflection.
func (t *ARMTemplate) JSON() ([]byte, error) {
	return t.json(t.tree()), nil
}

// json prints root, the tree of t, as [ARMTemplate.JSON] does.
func (t *ARMTemplate) json(root value) []byte {
	buf := make([]byte, 0, 1024+jsonPerResource*len(t.Resources))
	buf = appendJSON(buf, &root, 0)
	return append(buf, '\n')
}

// jsonPerResource is about the bytes of one resource in the ARM JSON, to
// size the buffer.
const jsonPerResource = 1280

// appendJSON appends v as an indented JSON value at depth levels of
// indentation, as encoding/json's Indent lays it out: one member or element
// a line, ": " after a key, and empty objects and arrays as {} and [].
func appendJSON(dst []byte, v *value, depth int) []byte {
	switch v.kind {
	case kindString:
		return appendJSONString(dst, v.str)
	case kindNumber:
		return strconv.AppendInt(dst, int64(v.num), 10)
	case kindBool:
		return strconv.AppendBool(dst, v.num != 0)
	case kindObject, kindArray:
		opening, closing := byte('{'), byte('}')
		if v.kind == kindArray {
			opening, closing = '[', ']'
		}
		dst = append(dst, opening)
		if len(v.elems) == 0 {
			return append(dst, closing)
		}
		for i := range v.elems {
			m := &v.elems[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendNewline(dst, depth+1)
			if v.kind == kindObject {
				dst = appendJSONString(dst, m.key)
				dst = append(dst, ':', ' ')
			}
			dst = appendJSON(dst, &m.val, depth+1)
		}
		dst = appendNewline(dst, depth)
		return append(dst, closing)
	}
	return append(dst, "null"...)
}

// appendNewline appends a newline and depth levels of 2-space indentation.
func appendNewline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json writes
// it without HTML escaping: " and \ escaped, \b \f \n \r \t by name, other
// control characters as \u00XX, U+2028 and U+2029 escaped, and each byte of
// invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
