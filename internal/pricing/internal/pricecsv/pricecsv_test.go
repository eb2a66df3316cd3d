package pricecsv

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	data := "\ufeffretailPriceUSDPerHour,ArmSkuName,armRegionName\n" +
		"0.1,Standard_D2_v2,East US\n" +
		"0.2,Standard_D2_v2,westeurope\n" +
		"0,Standard_NC6,eastus\n" +
		"3.06,standard_nc6s_v3,eastus\n"
	tb, err := Parse([]byte(data), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tb.Regions, ","); got != "eastus,westeurope" {
		t.Errorf("regions %s", got)
	}
	if got := strings.Join(tb.Sizes, ","); got != "Standard_D2_v2,standard_nc6s_v3" {
		t.Errorf("sizes %s", got)
	}
	// Prices[r*len(Sizes)+s]; westeurope has no NC6s_v3 price (0).
	if want := []float64{0.1, 3.06, 0.2, 0}; len(tb.Prices) != 4 || tb.Prices[0] != want[0] || tb.Prices[1] != want[1] || tb.Prices[2] != want[2] || tb.Prices[3] != want[3] {
		t.Errorf("prices %v, want %v", tb.Prices, want)
	}
	if tb.Rows != 3 || tb.Zero != 1 {
		t.Errorf("rows %d, zero %d; want 3 and 1", tb.Rows, tb.Zero)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "armRegionName,armSkuName,retailPriceUSDPerHour\n"
	for _, tc := range []struct{ data, want string }{
		{"", "p.csv: empty: want a CSV header"},
		{"armRegionName,armSkuName\n", "p.csv:1: no column retailPriceUSDPerHour"},
		{"armRegionName,armSkuName,armSkuName,retailPriceUSDPerHour\n", "p.csv:1: column armSkuName is given twice"},
		{head + "eastus,Standard_D2_v2\n", "p.csv:2: 2 fields, want 3"},
		{head + ",Standard_D2_v2,0.1\n", "p.csv:2: empty armRegionName"},
		{head + "eastus,,0.1\n", "p.csv:2: empty armSkuName"},
		{head + "eastus,Standard_D2_v2,cheap\n", `p.csv:2:23: retailPriceUSDPerHour "cheap" is not a number`},
		{head + "eastus,Standard_D2_v2,NaN\n", `is not a number`},
		{head + "eastus,Standard_D2_v2,-1\n", "p.csv:2:23: retailPriceUSDPerHour -1 is negative"},
		{head + "eastus,Standard_D2_v2,0\n", "p.csv: no prices"},
		{head + "eastus,Standard_D2_v2,0.1\nEast US,STANDARD_D2_V2,0.2\n", "p.csv:3: STANDARD_D2_V2 in eastus is priced twice (also on line 2)"},
		{head + "eastus,\"Standard_D2_v2,0.1\n", "p.csv:2:"},
	} {
		_, err := Parse([]byte(tc.data), "p.csv")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.data, err, tc.want)
		}
	}
}

func TestNormRegionAndOrder(t *testing.T) {
	for in, want := range map[string]string{"eastus": "eastus", "East US": "eastus", " West  Europe ": "westeurope"} {
		if got := NormRegion(in); got != want {
			t.Errorf("NormRegion(%q) = %q, want %q", in, got, want)
		}
	}
	if Less("standard_d2", "Standard_D3") >= 0 || Less("A", "a") >= 0 || Less("a", "a") != 0 {
		t.Error("Less orders ignoring case first, then by bytes")
	}
}
