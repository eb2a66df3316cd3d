package importer

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/internal/testkit"
	"github.com/amlc-dev/amlc/schema"
)

// vetDir vets the spec files in dir and fails the test on any error.
func vetDir(t *testing.T, dir string) *schema.Spec {
	t.Helper()
	res := schema.Vet([]string{dir}, schema.Options{})
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			t.Fatalf("vet %s: %s: %s [%s]", dir, d.Pos, d.Summary, d.Code)
		}
	}
	return res.Spec
}

// fixtureDir copies one fixture directory out of the embedded FS.
func fixtureDir(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := fs.ReadDir(fixtures.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(fixtures.FS, name+"/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestFormatRoundTrip is the property Format exists for: for every bundled
// fixture, the model amlc vet reads from Format's output is the model
// Format was given, and formatting that model again gives the same bytes.
// The formatted fixtures are goldens too (testdata/fixtures/NAME.cue), so
// that a change of layout is reviewed.
func TestFormatRoundTrip(t *testing.T) {
	for _, name := range fixtures.Names {
		t.Run(name, func(t *testing.T) {
			spec := vetDir(t, fixtureDir(t, name))
			out, err := Format(spec)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "clusters.cue"), out, 0o666); err != nil {
				t.Fatal(err)
			}
			again := vetDir(t, dir)
			if d := cmp.Diff(spec, again, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("the formatted fixture reads back into another model (-fixture +formatted):\n%s", d)
			}
			out2, err := Format(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, out2) {
				t.Errorf("formatting the model read back gives other bytes:\n%s\n---\n%s", out, out2)
			}
			golden := filepath.Join("testdata", "fixtures", name+".cue")
			if testkit.Update() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, out, 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), string(out)); d != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, d)
			}
		})
	}
}

// TestFormatEdges covers what the fixtures do not: labels that need
// quotes, keywords, strings that need escapes, empty and nil parts of the
// model, defaults left empty, and quotas with only some fields. The output
// must vet and read back into the model (with the empty defaults filled).
func TestFormatEdges(t *testing.T) {
	total, low := 10, 8
	spec := &schema.Spec{
		Workspaces: []schema.Workspace{
			{
				Key: "z-last", Name: "zlast", Subscription: "0a1b2c3d-1111-4222-8333-444455556666",
				ResourceGroup: "rg", Location: "westeurope",
			},
			{
				Key: "a-first", Name: "a-first", Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
				ResourceGroup: "rg-(x).y", Location: "eastus",
				Clusters: []schema.Cluster{
					{
						Name: "bbb2", VMSize: "Standard_D2_v2", MaxNodes: 1,
						IdleTimeBeforeScaleDown: 0, Priority: schema.Dedicated, OSType: "Linux", Location: "eastus",
						Description: `quote " backslash \ interpolation \(x) tab	end`,
						Tags:        map[string]string{"if": "keyword", "_hidden": "x", "#def": "y", "with space": "", "ünï": "ok"},
						Identity:    &schema.Identity{Type: schema.SystemAssigned},
						Network:     &schema.Network{NodePublicIP: true},
					},
					{
						Name: "aaa1", VMSize: "Standard_D2_v2", MaxNodes: 2, MinNodes: 0,
						IdleTimeBeforeScaleDown: 3*time.Hour + 7*time.Second,
						Priority:                schema.LowPriority, OSType: "Windows", Location: "westeurope",
						SSH:       &schema.SSH{AdminUser: "azureuser", PasswordSecret: "a1Pw", PublicAccess: "NotSpecified"},
						Network:   &schema.Network{Subnet: "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s", NodePublicIP: false},
						LocalAuth: true,

						VirtualMachineImage: "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Compute/images/win",
						IsolatedNetwork:     true,
					},
				},
			},
		},
		Quotas: []schema.Quota{
			{Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", Region: "westeurope", LowPriority: &low},
			{Subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", Region: "eastus", DedicatedTotal: &total,
				Families: map[string]int{"standardDv2Family": 4, "standard NCv3 family": 0}},
		},
	}
	out, err := Format(spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"if":`, `"_hidden":`, `"#def":`, `"with space":`, `ünï:`, `"a-first"`,
		`workspaces: "a-first"`, `idleTimeBeforeScaleDown: "0s"`, `"3h7s"`, `password: secret: "a1Pw"`,
		`virtualMachineImage: id: "/subscriptions/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg/providers/Microsoft.Compute/images/win"`,
		`isolatedNetwork: true`, `isolatedNetwork: false`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if i, j := strings.Index(string(out), `"a-first"`), strings.Index(string(out), `"z-last"`); i > j {
		t.Errorf("workspaces are not sorted by key:\n%s", out)
	}
	if i, j := strings.Index(string(out), "clusters: aaa1"), strings.Index(string(out), "clusters: bbb2"); i < 0 || i > j {
		t.Errorf("clusters are not sorted by name:\n%s", out)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.cue"), out, 0o666); err != nil {
		t.Fatal(err)
	}
	// The secret reference is fine; vet has nothing to complain about
	// except advice (warnings).
	got := vetDir(t, dir)
	want := *spec
	want.Workspaces = []schema.Workspace{spec.Workspaces[1], spec.Workspaces[0]}
	want.Quotas = []schema.Quota{spec.Quotas[1], spec.Quotas[0]}
	clusters := want.Workspaces[0].Clusters
	want.Workspaces[0].Clusters = []schema.Cluster{clusters[1], clusters[0]}
	if d := cmp.Diff(&want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("(-want +got):\n%s\n%s", d, out)
	}
}

func TestFormatErrors(t *testing.T) {
	for _, spec := range []*schema.Spec{
		nil,
		{Workspaces: []schema.Workspace{{}}},
		{Workspaces: []schema.Workspace{{Key: "w", Clusters: []schema.Cluster{{}}}}},
		{Quotas: []schema.Quota{{Region: "eastus"}}},
	} {
		if _, err := Format(spec); err == nil {
			t.Errorf("Format(%+v) = nil error", spec)
		}
	}
	out, err := Format(&schema.Spec{})
	if err != nil || string(out) != "package clusters\n" {
		t.Errorf("Format(empty) = %q, %v", out, err)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{time.Second, "1s"},
		{59 * time.Second, "59s"},
		{60 * time.Second, "1m"},
		{90 * time.Second, "90s"},
		{120 * time.Second, "2m"},
		{30 * time.Minute, "30m"},
		{time.Hour, "1h"},
		{90 * time.Minute, "1h30m"},
		{3601 * time.Second, "1h1s"},
		{3599 * time.Second, "3599s"},
		{24 * time.Hour, "24h"},
		{1500 * time.Millisecond, "1.5s"},
		{-time.Second, "-1s"},
	} {
		if got := FormatDuration(tc.d); got != tc.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
		if tc.d >= 0 && tc.d%time.Second == 0 {
			if back, err := schema.ParseDuration(FormatDuration(tc.d)); err != nil || back != tc.d {
				t.Errorf("ParseDuration(FormatDuration(%v)) = %v, %v", tc.d, back, err)
			}
		}
	}
}
