package schema

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration as the spec allows it: a Go duration
// ("90s", "30m", "1h30m") or ISO 8601 ("PT30M", "PT1H30M", "P1DT2H", "PT120S").
// The result must be a whole, non-negative number of seconds, because Azure
// stores the idle time in seconds.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, errors.New("empty duration")
	}
	var (
		d   time.Duration
		err error
	)
	if s[0] == 'P' || s[0] == 'p' {
		d, err = parseISO(strings.ToUpper(s))
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, errors.New("negative duration")
	}
	if d%time.Second != 0 {
		return 0, errors.New("not a whole number of seconds")
	}
	return d, nil
}

// parseISO parses the ISO 8601 durations with days, hours, minutes and
// seconds; years, months and weeks have no fixed length and are refused.
func parseISO(s string) (time.Duration, error) {
	bad := errors.New("not an ISO 8601 duration such as PT30M")
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return 0, bad
	}
	datePart, timePart, hasT := strings.Cut(rest, "T")
	if hasT && timePart == "" {
		return 0, bad
	}
	var total float64
	parse := func(part string, units map[byte]float64, order string) error {
		last := -1
		for part != "" {
			i := strings.IndexAny(part, order)
			if i <= 0 {
				return bad
			}
			n, err := strconv.ParseFloat(part[:i], 64)
			if err != nil || n < 0 || strings.ContainsAny(part[:i], "eE+-") {
				return bad
			}
			idx := strings.IndexByte(order, part[i])
			if idx <= last {
				return bad
			}
			last = idx
			total += n * units[part[i]]
			part = part[i+1:]
		}
		return nil
	}
	if strings.ContainsAny(datePart, "YMW") {
		return 0, errors.New("years, months and weeks have no fixed length; use days (P1D) or hours (PT24H)")
	}
	if err := parse(datePart, map[byte]float64{'D': 86400}, "D"); err != nil {
		return 0, err
	}
	if err := parse(timePart, map[byte]float64{'H': 3600, 'M': 60, 'S': 1}, "HMS"); err != nil {
		return 0, err
	}
	if total > float64(1<<62)/float64(time.Second) {
		return 0, errors.New("duration too large")
	}
	return time.Duration(total * float64(time.Second)), nil
}
