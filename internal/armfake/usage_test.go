package armfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amlc-dev/amlc/internal/catalog"
	"github.com/amlc-dev/amlc/internal/testkit"
)

func usagesPath(loc string) string {
	return "/subscriptions/" + testSub + "/providers/Microsoft.MachineLearningServices/locations/" + loc + "/usages" + api
}

func TestUsages(t *testing.T) {
	s := newTestServer(t, Options{
		Computes: []SeedCompute{seed("cpu", basicBody(2))},
		Usages: []UsageOverride{
			{Name: "Standard DSv2 Family", Limit: 8, Current: 6},
			{Name: "standardDSv2Family", LowPriority: true, Limit: -1, Current: 3},
			{Name: "TotalDedicatedCores", Limit: 100, Current: 10},
			{Name: "standardZZv9Family", Limit: 16},
			{Location: "westeurope", Name: "TotalLowPriorityCores", Limit: 50},
		},
	})
	r := do(t, s, "GET", usagesPath("eastus"), nil).wantStatus(t, http.StatusOK)
	us, err := catalog.ParseUsages(r.raw)
	if err != nil {
		t.Fatal(err)
	}
	check := func(kind catalog.UsageKind, family string, limit, current int64) {
		t.Helper()
		u, ok := catalog.FindUsage(us, kind, family)
		if !ok || u.Limit != limit || u.Current != current {
			t.Errorf("%v %s: %+v (found %v), want limit %d current %d", kind, family, u, ok, limit, current)
		}
	}
	check(catalog.UsageFamilyDedicated, "standardDSv2Family", 8, 6)
	check(catalog.UsageFamilyLowPriority, "standardDSv2Family", -1, 3)
	check(catalog.UsageTotalDedicated, "", 100, 10)
	check(catalog.UsageFamilyDedicated, "standardZZv9Family", 16, 0)
	check(catalog.UsageTotalLowPriority, "", 0, 0)                    // the recorded value; the override is for westeurope
	check(catalog.UsageTotalClusters, "", 200, 3+1)                   // recorded 3, plus the seeded compute
	check(catalog.UsageFamilyDedicated, "standardFSv2Family", 16, 16) // as recorded
	if len(us) != 128 {
		t.Errorf("%d usages, want the 127 recorded and one added", len(us))
	}
	for _, v := range r.body.(map[string]any)["value"].([]any) {
		if id := get(v, "id").(string); id[:len("/subscriptions/"+testSub)] != "/subscriptions/"+testSub {
			t.Fatalf("usage id %s is not in the request's subscription", id)
		}
	}
	r = do(t, s, "GET", usagesPath("westeurope"), nil).wantStatus(t, http.StatusOK)
	us, _ = catalog.ParseUsages(r.raw)
	check(catalog.UsageTotalLowPriority, "", 50, 0)
	check(catalog.UsageTotalClusters, "", 200, 3) // the compute is in eastus
	do(t, s, "GET", "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.MachineLearningServices/locations/eastus/usages"+api, nil).
		wantStatus(t, http.StatusNotFound)
}

func TestVMSizes(t *testing.T) {
	s := newTestServer(t, Options{})
	r := do(t, s, "GET", "/subscriptions/"+testSub+"/providers/Microsoft.MachineLearningServices/locations/westeurope/vmSizes"+api, nil).wantStatus(t, http.StatusOK)
	c, err := catalog.Parse(r.raw, "answer")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sizes()) != 260 {
		t.Errorf("%d sizes, want the 260 recorded", len(c.Sizes()))
	}
	if _, ok := c.Lookup("Standard_NC6s_v3"); !ok {
		t.Error("Standard_NC6s_v3 missing")
	}
}

// TestCatalogDir: Options.CatalogDir replaces the embedded data, with
// recordings or plain bodies, and a directory without them is refused.
func TestCatalogDir(t *testing.T) {
	if _, err := Start(Options{CatalogDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no *vmsizes*.json file") {
		t.Errorf("an empty catalog directory: %v, want no *vmsizes*.json file", err)
	}
	sizesPath := "/subscriptions/" + testSub + "/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes" + api
	// The recordings the embedded bodies come from serve the same list.
	s := newTestServer(t, Options{CatalogDir: testkit.Testdata(t, "azure-catalog")})
	if got, want := do(t, s, "GET", sizesPath, nil).wantStatus(t, http.StatusOK).raw, do(t, newTestServer(t, Options{}), "GET", sizesPath, nil).raw; !bytes.Equal(got, want) {
		t.Error("the recordings and the embedded bodies serve different VM sizes")
	}
	// Plain response bodies of one's own.
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("my-vmsizes.json", `{"value": [{"name": "Standard_D2_v2", "family": "standardDv2Family", "vCPUs": 2, "supportedComputeTypes": ["AmlCompute"]}]}`)
	write("my-usages.json", `{"value": []}`)
	r := do(t, newTestServer(t, Options{CatalogDir: dir}), "GET", sizesPath, nil).wantStatus(t, http.StatusOK)
	if n := len(get(r.body, "value").([]any)); n != 1 {
		t.Errorf("%d sizes served from %s, want its 1", n, dir)
	}
}

// TestEmbeddedData: the embedded bodies are those of the recordings in
// testdata/azure-catalog (go generate ./internal/armfake writes them), and
// the fake serves them whatever the working directory.
func TestEmbeddedData(t *testing.T) {
	for _, f := range []struct{ recording, body string }{
		{"aml-vmsizes-eastus-2025-11-04.azure-powershell-recording.json", "vmsizes-eastus-2025-11-04.json"},
		{"aml-usages-eastus-2025-11-04.azure-powershell-recording.json", "usages-eastus-2025-11-04.json"},
	} {
		var rec map[string]struct{ Response struct{ Content string } }
		if err := json.Unmarshal(testkit.ReadTestdata(t, "azure-catalog/"+f.recording), &rec); err != nil || len(rec) != 1 {
			t.Fatalf("%s: %v (%d keys)", f.recording, err, len(rec))
		}
		got, err := embeddedData.ReadFile("data/" + f.body)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range rec {
			if string(got) != x.Response.Content {
				t.Errorf("data/%s is not the body of %s: run go generate ./internal/armfake", f.body, f.recording)
			}
		}
	}
	t.Chdir(t.TempDir())
	s := newTestServer(t, Options{})
	r := do(t, s, "GET", "/subscriptions/"+testSub+"/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes"+api, nil).wantStatus(t, http.StatusOK)
	if n := len(get(r.body, "value").([]any)); n != 260 {
		t.Errorf("%d sizes outside the module, want the 260 recorded", n)
	}
}
