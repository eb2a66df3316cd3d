package compiler

import (
	"math"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/schema"
)

func TestISODuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "PT0S"},
		{time.Second, "PT1S"},
		{59 * time.Second, "PT59S"},
		{60 * time.Second, "PT1M"},
		{90 * time.Second, "PT1M30S"},
		{120 * time.Second, "PT2M"},
		{30 * time.Minute, "PT30M"},
		{3600 * time.Second, "PT1H"},
		{time.Hour + time.Second, "PT1H1S"},
		{time.Hour + time.Minute + time.Second, "PT1H1M1S"},
		{90 * time.Minute, "PT1H30M"},
		{24 * time.Hour, "PT24H"},
		{49*time.Hour + 5*time.Minute, "PT49H5M"},
		{1500 * time.Millisecond, "PT1.5S"},
		{time.Millisecond, "PT0.001S"},
		{time.Nanosecond, "PT0.000000001S"},
		{time.Minute + 250*time.Millisecond, "PT1M0.25S"},
		{-time.Minute, "-PT1M"},
		{-90 * time.Second, "-PT1M30S"},
		{math.MaxInt64, "PT2562047H47M16.854775807S"},
		{math.MinInt64, "-PT2562047H47M16.854775808S"},
	} {
		if got := ISODuration(tc.d); got != tc.want {
			t.Errorf("ISODuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// What the compiler writes, the spec's parser reads back unchanged: the
// differ compares durations through both.
func TestISODurationReadsBack(t *testing.T) {
	for _, d := range []time.Duration{0, time.Second, 90 * time.Second, 2 * time.Minute, time.Hour, 26*time.Hour + 3*time.Second, 30 * 24 * time.Hour} {
		back, err := schema.ParseDuration(ISODuration(d))
		if err != nil || back != d {
			t.Errorf("%v → %q → %v, %v", d, ISODuration(d), back, err)
		}
	}
}
