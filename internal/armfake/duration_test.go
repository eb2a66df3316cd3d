package armfake

import "testing"

func TestNormalizeDuration(t *testing.T) {
	for in, want := range map[string]string{
		"PT120S": "PT2M", "PT2M": "PT2M", "PT30M": "PT30M", "PT1800S": "PT30M", "PT90M": "PT1H30M",
		"PT24H": "P1D", "P1DT1S": "P1DT1S", "PT0S": "PT0S", "PT0.5S": "PT0.5S", "PT61.25S": "PT1M1.25S",
		"P1W": "P7D", "PT3600S": "PT1H", "P0D": "PT0S", "PT1H0M5S": "PT1H5S",
	} {
		got, err := normalizeDuration(in)
		if err != nil || got != want {
			t.Errorf("normalizeDuration(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "P", "PT", "120s", "pt2m", "P1Y", "P1M", "PT1.5M", "PT-5S", "PT5S5M", "PT5M5M", "T5M", "P1DT", "PT5", "P99999999999D"} {
		if got, err := normalizeDuration(in); err == nil {
			t.Errorf("normalizeDuration(%q) = %q, want an error", in, got)
		}
	}
}
