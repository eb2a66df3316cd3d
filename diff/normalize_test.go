package diff

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/schema"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string // a fragment of the error, "" for none
	}{
		{in: "120s", want: 2 * time.Minute},
		{in: "30m", want: 30 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "0s", want: 0},
		{in: "PT2M", want: 2 * time.Minute},
		{in: "PT120S", want: 2 * time.Minute},
		{in: "PT1H30M", want: 90 * time.Minute},
		{in: "PT0S", want: 0},
		{in: "pt5m", want: 5 * time.Minute},
		{in: "P1D", want: 24 * time.Hour},
		{in: "P1DT12H", want: 36 * time.Hour},
		{in: "PT1.5S", want: 1500 * time.Millisecond},
		{in: "PT0,25M", want: 15 * time.Second},
		{in: "PT1H0.5M", want: time.Hour + 30*time.Second},
		{in: "-PT1M", want: -time.Minute},
		{in: "P1Y", err: "only days"},
		{in: "P1M", err: "only days"},
		{in: "P1W", err: "only days"},
		{in: "P", err: "no parts"},
		{in: "PT", err: "T without a time part"},
		{in: "P1DT", err: "T without a time part"},
		{in: "PT1M1H", err: "H after M"},
		{in: "PT1.5M1S", err: "last part only"},
		{in: "PT1S1S", err: "S after S"},
		{in: "PT1D", err: "unexpected designator"},
		{in: "PT5", err: "without a designator"},
		{in: "PT.5S", err: "bad number"},
		{in: "PT1.S", err: "bad number"},
		{in: "PT1.2.3S", err: "bad number"},
		{in: "PT1HT1M", err: "a second T"},
		{in: "PT9999999999H", err: "out of range"},
		{in: "--PT1M", err: "invalid duration"},
		{in: "", err: "invalid duration"},
		{in: "2 minutes", err: "invalid duration"},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseDuration(%q) = %v, %v; want an error containing %q", tt.in, got, err, tt.err)
			}
		case err != nil:
			t.Errorf("ParseDuration(%q): %v", tt.in, err)
		case got != tt.want:
			t.Errorf("ParseDuration(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestISODurationRoundTrip: what amlc sends reads back as the same duration.
func TestISODurationRoundTrip(t *testing.T) {
	for _, d := range []time.Duration{0, time.Second, 90 * time.Second, 2 * time.Minute, time.Hour,
		26*time.Hour + 3*time.Second, 1500 * time.Millisecond, time.Nanosecond, -time.Minute} {
		s := isoDuration(d)
		back, err := ParseDuration(s)
		if err != nil || back != d {
			t.Errorf("isoDuration(%v) = %q, reads back as %v, %v", d, s, back, err)
		}
	}
	for d, want := range map[time.Duration]string{0: "PT0S", 90 * time.Second: "PT1M30S", 120 * time.Second: "PT2M", 26 * time.Hour: "PT26H", 1500 * time.Millisecond: "PT1.5S"} {
		if got := isoDuration(d); got != want {
			t.Errorf("isoDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestPublicAccess checks the rule for the values the service fills in
// (row ssh.publicAccess).
func TestPublicAccess(t *testing.T) {
	with := func(access, subnet string) *schema.Cluster {
		c := &schema.Cluster{SSH: &schema.SSH{PublicAccess: access}}
		if subnet != "" {
			c.Network = &schema.Network{Subnet: subnet}
		}
		return c
	}
	tests := []struct {
		desired, base *schema.Cluster
		same          bool
		why           string
	}{
		{with("Disabled", ""), with("Disabled", ""), true, "equal"},
		{with("disabled", ""), with("Disabled", ""), true, "case"},
		{with("Enabled", ""), with("Disabled", ""), false, "a real change"},
		{with("NotSpecified", ""), with("Enabled", ""), true, "desired NotSpecified leaves the choice to the service"},
		{with("NotSpecified", testSubnet), with("Disabled", testSubnet), true, "desired NotSpecified leaves the choice to the service"},
		{with("Disabled", testSubnet), with("NotSpecified", testSubnet), true, "NotSpecified with a subnet is closed"},
		{with("Enabled", ""), with("NotSpecified", ""), true, "NotSpecified without a subnet is open"},
		{with("Enabled", testSubnet), with("NotSpecified", testSubnet), false, "NotSpecified with a subnet is not open"},
		{&schema.Cluster{}, with("Disabled", ""), true, "no ssh block is Disabled"},
		{with("", ""), with("Disabled", ""), true, "empty is the default, Disabled"},
		{&schema.Cluster{}, with("Enabled", ""), false, "no ssh block is not Enabled"},
	}
	for _, tt := range tests {
		if got := samePublicAccess(tt.desired, tt.base); got != tt.same {
			t.Errorf("%s: samePublicAccess(%q, %q) = %v", tt.why, publicAccess(tt.desired), publicAccess(tt.base), got)
		}
	}
}

// TestUnobserved: a base that could not see the SSH secrets (the live
// observer) does not make every cluster with credentials a replacement
// (rows ssh.publicKey, ssh.password).
func TestUnobserved(t *testing.T) {
	base := testCluster()
	base.SSH.PublicKey = Unobserved
	base.SSH.PasswordSecret = Unobserved
	if ch := Compute(testSpec(testCluster()), testSpec(base)).Changes[0]; ch.Action != NoOp {
		t.Errorf("got %s %+v, want no-op", ch.Action, ch.Fields)
	}
}

func TestNilVersusEmpty(t *testing.T) {
	base := schema.Cluster{Name: "c", VMSize: "Standard_D2_v2", MaxNodes: 1, Location: "westeurope"}
	desired := base
	desired.Tags = map[string]string{}
	desired.Identity = &schema.Identity{Type: "None"}
	desired.Network = &schema.Network{NodePublicIP: true}
	desired.SSH = &schema.SSH{PublicAccess: "Disabled"}
	desired.Priority, desired.OSType = schema.Dedicated, "Linux"
	if ch := Compute(testSpec(desired), testSpec(base)).Changes[0]; ch.Action != NoOp || len(ch.Fields) != 0 {
		t.Errorf("got %s %+v, want a no-op without fields", ch.Action, ch.Fields)
	}
}

// FuzzParseDuration: no panic, and whatever parses formats back to an ISO
// duration that parses to the same value.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"120s", "PT2M", "P1DT1H", "PT1.5S", "-PT1M", "P1Y", "PT,5S", "PT99999999999999999999S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		back, err := ParseDuration(isoDuration(d))
		if err != nil || back != d {
			t.Fatalf("%q → %v → %q → %v, %v", s, d, isoDuration(d), back, err)
		}
	})
}

func TestParseDurationExtremes(t *testing.T) {
	for _, d := range []time.Duration{math.MinInt64, math.MaxInt64} {
		if back, err := ParseDuration(isoDuration(d)); err != nil || back != d {
			t.Errorf("%v: %q reads back as %v, %v", d, isoDuration(d), back, err)
		}
	}
}
