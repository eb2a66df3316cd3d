package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cuelang.org/go/cue"
	"github.com/google/go-cmp/cmp"
)

// writeSynthetic writes n valid clusters across nws workspaces, one file a
// workspace, as the benchmark in bench/ generates them at scale.
func writeSynthetic(tb testing.TB, n, nws int) string {
	tb.Helper()
	dir := tb.TempDir()
	sizes := []string{"Standard_D2_v2", "Standard_DS3_v2", "Standard_D4_v2", "Standard_F4s_v2", "Standard_NC6s_v3"}
	regions := []string{"eastus", "westeurope", "westus2", "northeurope"}
	for w := range nws {
		var b strings.Builder
		fmt.Fprintf(&b, "package bench\n\nworkspaces: \"ws-%04d\": {\n\tsubscription: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c%02d\"\n\tresourceGroup: \"rg-%04d\"\n\tlocation: %q\n", w, w%4, w, regions[(w/4)%4])
		for c := range n / nws {
			fmt.Fprintf(&b, "\tclusters: \"c%04d-x%03d\": {vmSize: %q, maxNodes: %d, idleTimeBeforeScaleDown: \"%ds\", tags: team: \"t%d\"}\n",
				w, c, sizes[(w+c)%len(sizes)], 1+c%10, 60+c, c%7)
		}
		b.WriteString("}\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("ws%04d.cue", w)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func benchmarkVet(b *testing.B, n, nws int) {
	dir := writeSynthetic(b, n, nws)
	b.ResetTimer()
	for b.Loop() {
		res := Vet([]string{dir}, Options{})
		if res.Diags.HasErrors() {
			b.Fatalf("%d findings, first: %v", len(res.Diags), res.Diags[0])
		}
	}
}

func BenchmarkVet1000(b *testing.B)  { benchmarkVet(b, 1000, 50) }
func BenchmarkVet10000(b *testing.B) { benchmarkVet(b, 10000, 200) }

// A workspace decoded in one pass and cluster by cluster (the path taken
// when it has errors) gives the same raw values.
func TestDecodePathsAgree(t *testing.T) {
	dir := writeSynthetic(t, 100, 10)
	res := Vet([]string{dir}, Options{})
	if len(res.Diags) > 0 || len(res.Spec.Workspaces) != 10 || len(res.Spec.Workspaces[3].Clusters) != 10 {
		t.Fatalf("vet: %v, %d workspaces", res.Diags, len(res.Spec.Workspaces))
	}
	c, err := compileSchema()
	if err != nil {
		t.Fatal(err)
	}
	pkgs, _, ds := loadInputs([]string{dir}, Options{})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	uv, _ := buildUser(c.ctx, pkgs)
	for key, wv := range fields(uv.LookupPath(cue.MakePath(cue.Str("workspaces")))) {
		v := wv.Unify(c.workspace)
		var whole rawWorkspaceClusters
		if err := v.Decode(&whole); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(whole, decodeEach(v), cmp.AllowUnexported(rawWorkspaceClusters{})); d != "" {
			t.Errorf("%s: one pass and cluster by cluster differ (-whole +each):\n%s", key, d)
		}
	}
}
