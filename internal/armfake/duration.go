package armfake

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"
)

// normalizeDuration reads an ISO 8601 duration, as the
// nodeIdleTimeBeforeScaleDown of a request, and writes it the way the
// service (a .NET service) returns it: XmlConvert.ToString(TimeSpan), that
// is days, hours, minutes and seconds, each only when not zero, carried
// into the larger units ("PT120S" → "PT2M", "PT90M" → "PT1H30M",
// "PT24H" → "P1D"), seconds with up to 7 fractional digits and zero as
// "PT0S".
func normalizeDuration(s string) (string, error) {
	d, err := parseDuration(s)
	if err != nil {
		return "", err
	}
	return formatDuration(d), nil
}

var errDuration = errors.New(`want an ISO 8601 duration such as "PT5M" or "PT120S" (days, hours, minutes and seconds)`)

// parseDuration reads P[nW][nD][T[nH][nM][n[.f]S]]. Years and months have
// no fixed length and are rejected, as are signs and empty durations.
func parseDuration(s string) (time.Duration, error) {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" || strings.HasSuffix(rest, "T") {
		return 0, errDuration
	}
	var total float64
	inTime := false
	units := "WD"
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, errDuration
			}
			inTime, units, rest = true, "HMS", rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, errDuration
		}
		unit := rest[i]
		pos := strings.IndexByte(units, unit)
		if pos < 0 {
			return 0, errDuration
		}
		units = units[pos+1:] // units in order, each at most once
		num := rest[:i]
		if strings.Contains(num, ".") && unit != 'S' {
			return 0, errDuration
		}
		n, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, errDuration
		}
		total += n * unitSeconds(unit, inTime)
		rest = rest[i+1:]
	}
	if total >= float64(math.MaxInt64/int64(time.Second)) { // beyond a time.Duration
		return 0, errDuration
	}
	return time.Duration(total * float64(time.Second)).Round(100 * time.Nanosecond), nil
}

func unitSeconds(unit byte, inTime bool) float64 {
	switch {
	case unit == 'W':
		return 7 * 86400
	case unit == 'D':
		return 86400
	case unit == 'H':
		return 3600
	case unit == 'M' && inTime:
		return 60
	}
	return 1
}

// formatDuration writes d as XmlConvert.ToString(TimeSpan) does.
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "PT0S"
	}
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	hours := d / time.Hour
	d -= hours * time.Hour
	mins := d / time.Minute
	d -= mins * time.Minute
	var b strings.Builder
	b.WriteByte('P')
	if days > 0 {
		b.WriteString(strconv.FormatInt(int64(days), 10) + "D")
	}
	if hours == 0 && mins == 0 && d == 0 {
		return b.String()
	}
	b.WriteByte('T')
	if hours > 0 {
		b.WriteString(strconv.FormatInt(int64(hours), 10) + "H")
	}
	if mins > 0 {
		b.WriteString(strconv.FormatInt(int64(mins), 10) + "M")
	}
	if d > 0 {
		secs := int64(d / time.Second)
		frac := int64(d%time.Second) / 100 // ticks of 100 ns
		b.WriteString(strconv.FormatInt(secs, 10))
		if frac > 0 {
			b.WriteString("." + strings.TrimRight(strconv.FormatInt(frac+1e7, 10)[1:], "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}
