package pricing

import (
	"math"
	"strconv"
	"strings"
)

// Money formats a monthly amount of USD for people, as Infracost does:
// whole dollars with thousands separators from $1 up ("$1,234"), cents
// below ("$0.58"), "$0" for nothing.
func Money(x float64) string {
	if x < 0 {
		return "-" + Money(-x)
	}
	switch {
	case x == 0:
		return "$0"
	case x < 1:
		return "$" + strconv.FormatFloat(x, 'f', 2, 64)
	}
	return "$" + thousands(int64(math.Round(x)))
}

// MoneyCents formats an amount of USD with its cents: "$1,470.04". Budget
// findings use it, where whole dollars could make a ceiling of $1,470.04
// look equal to a budget of $1,470.
func MoneyCents(x float64) string {
	if x < 0 {
		return "-" + MoneyCents(-x)
	}
	c := int64(math.Round(x * 100))
	return "$" + thousands(c/100) + "." + strconv.FormatInt(100+c%100, 10)[1:]
}

// Change formats a difference: "+$1,234", "-$56", "$0".
func Change(x float64) string {
	if math.Abs(x) < 0.005 {
		return "$0"
	}
	if x > 0 {
		return "+" + Money(x)
	}
	return Money(x)
}

// Rate formats an hourly price exactly as the table has it, with at least
// two decimals: "$0.146", "$3.06", "$0.10".
func Rate(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	dot := strings.IndexByte(s, '.')
	switch {
	case dot < 0:
		s += ".00"
	case len(s)-dot == 2:
		s += "0"
	}
	return "$" + s
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
