package schema

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{in: "120s", want: 120 * time.Second},
		{in: "PT120S", want: 120 * time.Second},
		{in: "PT2M", want: 2 * time.Minute},
		{in: "pt2m", want: 2 * time.Minute},
		{in: "30m", want: 30 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "PT1H30M", want: 90 * time.Minute},
		{in: "P1DT2H", want: 26 * time.Hour},
		{in: "P1D", want: 24 * time.Hour},
		{in: "PT0S", want: 0},
		{in: "0s", want: 0},
		{in: "PT1.5M", want: 90 * time.Second},
		{in: "", err: true},
		{in: "P", err: true},
		{in: "PT", err: true},
		{in: "P1M", err: true},    // months have no fixed length
		{in: "P1Y", err: true},    // years neither
		{in: "PT1M2H", err: true}, // units out of order
		{in: "PT-5M", err: true},
		{in: "-5m", err: true},
		{in: "1.5s", err: true}, // not whole seconds
		{in: "10 minutes", err: true},
		{in: "PT1e3S", err: true},
		{in: "P99999999999999999999D", err: true},
	} {
		got, err := ParseDuration(tc.in)
		if tc.err {
			if err == nil {
				t.Errorf("ParseDuration(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}
