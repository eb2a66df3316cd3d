package compiler

import (
	"strconv"
	"strings"
	"time"
)

// ISODuration formats d as the canonical ISO 8601 duration amlc emits for
// nodeIdleTimeBeforeScaleDown: hours, minutes and seconds, each only when it
// is not zero, and no days, because an ISO day is a calendar day rather than
// 24 hours. Fractions of a second keep only their significant digits.
//
//	0 → "PT0S"    90s → "PT1M30S"    120s → "PT2M"    3600s → "PT1H"
//	26h → "PT26H"    1.5s → "PT1.5S"    -1m → "-PT1M"
//
// ISO 8601 has no negative durations; the leading "-" is the common
// extension (XML Schema, .NET) so that no value is silently lost, but the
// templates never carry one: [Template] rejects a negative idle time.
func ISODuration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.Grow(16)
	// uint64 so that the negation of math.MinInt64 does not overflow.
	u := uint64(d)
	if d < 0 {
		b.WriteByte('-')
		u = -u
	}
	b.WriteString("PT")
	const (
		sec    = uint64(time.Second)
		minute = uint64(time.Minute)
		hour   = uint64(time.Hour)
	)
	if h := u / hour; h > 0 {
		b.WriteString(strconv.FormatUint(h, 10))
		b.WriteByte('H')
	}
	u %= hour
	if m := u / minute; m > 0 {
		b.WriteString(strconv.FormatUint(m, 10))
		b.WriteByte('M')
	}
	u %= minute
	if u > 0 {
		b.WriteString(strconv.FormatUint(u/sec, 10))
		if frac := u % sec; frac > 0 {
			digits := strconv.FormatUint(frac+sec, 10)[1:] // 9 digits, leading zeros kept
			b.WriteByte('.')
			b.WriteString(strings.TrimRight(digits, "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}
