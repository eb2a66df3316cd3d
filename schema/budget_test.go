package schema

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/pricing"
)

// vetSource vets one CUE file.
func vetSource(t *testing.T, src string, opts Options) *Result {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.cue"), []byte(src))
	return Vet([]string{dir}, opts)
}

const budgetWorkspace = `workspaces: "ml-prod": {
	subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	resourceGroup: "rg"
	location: "eastus"
`

func codes(ds diag.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Severity.String()+" "+d.Code)
	}
	return out
}

// A LowPriority cluster (Spot) is priced only up to pay-as-you-go: its
// floor is not certain, so a floor above the budget is a warning, and the
// message says "up to".
func TestBudgetLowPriorityFloorIsUpTo(t *testing.T) {
	res := vetSource(t, budgetWorkspace+`
	budget: monthly: 1000
	clusters: gpu: {vmSize: "Standard_NC6s_v3", minNodes: 1, maxNodes: 2, priority: "LowPriority"}
}`, Options{})
	got := strings.Join(codes(res.Diags), ", ")
	if got != "warning cost/budget-ceiling, warning cost/low-priority-min-nodes" {
		t.Fatalf("findings: %s", got)
	}
	d := res.Diags[0]
	if !strings.Contains(d.Summary, "up to $2,243.84 a month with minNodes always on") || !strings.Contains(d.Detail, "up to $3.06 a node-hour") {
		t.Errorf("summary %q, detail %q", d.Summary, d.Detail)
	}
}

// Options.Prices replaces the embedded table, and a float budget (CUE
// path) works as an int one (plain path).
func TestBudgetWithOtherPrices(t *testing.T) {
	tbl, err := pricing.ParseCSV([]byte("armRegionName,armSkuName,retailPriceUSDPerHour\neastus,Standard_D2_v2,1\n"), "new.csv")
	if err != nil {
		t.Fatal(err)
	}
	res := vetSource(t, budgetWorkspace+`
	budget: monthly: 1470.01
	clusters: cpu: {vmSize: "Standard_D2_v2", maxNodes: 2}
}`, Options{Prices: tbl})
	if len(res.Diags) != 1 || res.Diags[0].Code != CodeBudgetCeiling {
		t.Fatalf("findings: %v", res.Diags)
	}
	if d := res.Diags[0]; !strings.Contains(d.Summary, "$1,470.04 a month at maxNodes, above its budget of $1,470.01") || !strings.Contains(d.Detail, "the price table new.csv") {
		t.Errorf("summary %q, detail %q", d.Summary, d.Detail)
	}
}
