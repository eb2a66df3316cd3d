package pricing

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/pricing/internal/pricecsv"
)

// csvPath is the CSV the embedded table is generated from.
var csvPath = filepath.Join("..", "..", filepath.FromSlash(strings.TrimPrefix(embeddedFile, "../../")))

// TestEmbeddedIsTheCSV checks that the embedded table holds exactly the
// prices of the CSV in testdata/pricing, which go generate read: the same
// bytes (sha256), and every row's price found by Hourly.
func TestEmbeddedIsTheCSV(t *testing.T) {
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != embeddedSHA256 {
		t.Fatalf("%s has sha256 %s, the embedded table was generated from %s: run go generate ./internal/pricing", csvPath, got, embeddedSHA256)
	}
	want, err := pricecsv.Parse(data, csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if want.Rows != embeddedRows || want.Zero != embeddedZero {
		t.Fatalf("CSV has %d prices and %d zero rows; the table says %d and %d", want.Rows, want.Zero, embeddedRows, embeddedZero)
	}
	if len(want.Regions) != 57 {
		t.Errorf("%d regions, want the 57 of SOURCES.md", len(want.Regions))
	}
	tbl := Default()
	n := 0
	for r, region := range want.Regions {
		for s, size := range want.Sizes {
			p := want.Prices[r*len(want.Sizes)+s]
			got, ok := tbl.Hourly(region, size)
			if ok != (p > 0) || got != p {
				t.Fatalf("Hourly(%s, %s) = %v, %v; the CSV says %v", region, size, got, ok, p)
			}
			if ok {
				n++
			}
		}
	}
	if n != embeddedRows {
		t.Fatalf("found %d prices, want %d", n, embeddedRows)
	}
}

// TestHourlyKnownPrices checks prices quoted in the research notes
// (cost-and-policy.md §1.2) and the lookup's tolerance of spelling.
func TestHourlyKnownPrices(t *testing.T) {
	for _, c := range []struct {
		region, size string
		want         float64
	}{
		{"eastus", "Standard_D2_v2", 0.146},
		{"East US", "STANDARD_D2_V2", 0.146},
		{"eastus", "Standard_D4s_v3", 0.192},
		{"eastus", "Standard_DS3_v2", 0.293},
		{"eastus", "Standard_NC24ads_A100_v4", 3.673},
		{"eastus", "Standard_ND96isr_H100_v5", 98.32},
		// Infracost's golden prices westeurope Standard_D2s_v3 at $87.60
		// for 730 hours.
		{"westeurope", "Standard_D2s_v3", 0.12},
	} {
		got, ok := Default().Hourly(c.region, c.size)
		if !ok || got != c.want {
			t.Errorf("Hourly(%q, %q) = %v, %v; want %v", c.region, c.size, got, ok, c.want)
		}
	}
	for _, c := range [][2]string{
		{"eastus", "Standard_Nope_v9"},
		{"marsnorth", "Standard_D2_v2"},
		{"eastus", "Standard_M128bds_1_v4"}, // 0 in the CSV: no price
		{"", ""},
	} {
		if got, ok := Default().Hourly(c[0], c[1]); ok {
			t.Errorf("Hourly(%q, %q) = %v, want no price", c[0], c[1], got)
		}
	}
}

func TestParseCSV(t *testing.T) {
	tbl, err := ParseCSV([]byte("retailPriceUSDPerHour,armSkuName,armRegionName\n1.5,Standard_X1,West Europe\n0,Standard_X2,westeurope\n2,standard_x1,eastus\n"), "new.csv")
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := tbl.Hourly("westeurope", "STANDARD_X1"); !ok || p != 1.5 {
		t.Errorf("Hourly = %v, %v", p, ok)
	}
	if p, ok := tbl.Hourly("eastus", "Standard_X1"); !ok || p != 2 {
		t.Errorf("Hourly = %v, %v", p, ok)
	}
	if _, ok := tbl.Hourly("westeurope", "Standard_X2"); ok {
		t.Error("a price of 0 is no price")
	}
	if tbl.Source() != "new.csv" || tbl.Describe() != "the price table new.csv" || tbl.Date() != "" {
		t.Errorf("Source %q, Describe %q, Date %q", tbl.Source(), tbl.Describe(), tbl.Date())
	}
	for _, c := range []struct{ in, want string }{
		{"", "p.csv: empty"},
		{"region,size,price\n", "p.csv:1: no column armRegionName"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\n", "p.csv: no prices"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_A,abc\n", `p.csv:2:19: retailPriceUSDPerHour "abc" is not a number`},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_A,-1\n", "p.csv:2:19: retailPriceUSDPerHour -1 is negative"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_A,1\neastus,STANDARD_A,2\n", "p.csv:3: STANDARD_A in eastus is priced twice (also on line 2)"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_A\n", "p.csv:2: 2 fields, want 3"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\n,Standard_A,1\n", "p.csv:2: empty armRegionName"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\neastus,\"Standard_A,1\n", "p.csv:2:"},
		{"armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_A,NaN\n", "is not a number"},
	} {
		_, err := ParseCSV([]byte(c.in), "p.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseCSV(%q) = %v, want an error containing %q", c.in, err, c.want)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_D2_v2,0.146\n"))
	f.Add([]byte("retailPriceUSDPerHour,armSkuName,armRegionName\n1,a,b\n0,c,d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := ParseCSV(data, "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, r := range tbl.regions {
			for _, s := range tbl.sizes {
				if p, ok := tbl.Hourly(r, s); ok && p <= 0 {
					t.Fatalf("Hourly(%q, %q) = %v", r, s, p)
				}
			}
		}
	})
}
