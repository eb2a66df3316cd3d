package schema

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const unitWS = `workspaces: %q: {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg-%[1]s", location: "eastus"}
`

// Several packages and data files: where they meet only in the containers
// they are merged in Go (the evaluated way); anywhere else, or where a
// container would constrain or refuse what another unit adds, they are
// unified in CUE. Every way agrees with the others (compareWays).
func TestUnits(t *testing.T) {
	pkg := func(name, body string) string { return "package " + name + "\n" + body }
	cl := func(ws, c string) string {
		return fmt.Sprintf("_n: 2\nworkspaces: %q: clusters: %q: {vmSize: \"Standard_D2_v2\", maxNodes: _n}\n", ws, c)
	}
	for name, tc := range map[string]struct {
		files map[string]string
		way   string
	}{
		"two packages": {map[string]string{
			"a/a.cue": pkg("a", fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "cpu-a")),
			"b/b.cue": pkg("b", fmt.Sprintf(unitWS, "ml-bbb")+cl("ml-bbb", "cpu-b")),
		}, "evaluated"},
		"package and data": {map[string]string{
			"a/a.cue":    pkg("a", fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "cpu-a")),
			"b/q.json":   `{"quotas": {"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d": {"westus": {"lowPriority": 10}}}}`,
			"c/more.cue": pkg("c", "_q: 5\nquotas: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\": eastus: lowPriority: _q\n"),
		}, "evaluated"},
		"meet in a workspace": {map[string]string{
			"a/a.cue":  pkg("a", fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "cpu-a")),
			"b/b.json": `{"workspaces": {"ml-aaa": {"clusters": {"cpu-b": {"vmSize": "Standard_D2_v2", "maxNodes": 3}}}}}`,
		}, "evaluated"},
		"a pattern over workspaces": {map[string]string{
			"a/a.cue": pkg("a", fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "cpu-a")+"workspaces: [string]: clusters: [string]: maxNodes: <=3\n"),
			"b/b.cue": pkg("b", fmt.Sprintf(unitWS, "ml-bbb")+"workspaces: \"ml-bbb\": clusters: \"cpu-b\": {vmSize: \"Standard_D2_v2\", maxNodes: 5}\n"),
		}, "diagnostic"},
		"closed workspaces": {map[string]string{
			"a/a.cue": pkg("a", "#W: {\"ml-aaa\": _}\nworkspaces: #W\n"+fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "cpu-a")),
			"b/b.cue": pkg("b", fmt.Sprintf(unitWS, "ml-bbb")+cl("ml-bbb", "cpu-b")),
		}, "diagnostic"},
		"conflict between packages": {map[string]string{
			"a/a.cue": pkg("a", fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "cpu-a")),
			"b/b.cue": pkg("b", "workspaces: \"ml-aaa\": clusters: \"cpu-a\": maxNodes: 4\n"),
		}, "diagnostic"},
		"checks fail in two packages": {map[string]string{
			"a/a.cue": pkg("a", fmt.Sprintf(unitWS, "ml-aaa")+cl("ml-aaa", "Bad_A")),
			"b/b.cue": pkg("b", fmt.Sprintf(unitWS, "ml-bbb")+cl("ml-bbb", "cpu-b")+"quotas: \"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\": westus: lowPriority: 1\n"),
		}, "evaluated"},
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			var paths []string
			for f, src := range tc.files {
				writeFile(t, filepath.Join(root, filepath.FromSlash(f)), []byte(src))
				paths = append(paths, filepath.Join(root, filepath.Dir(filepath.FromSlash(f))))
			}
			slices.Sort(paths)
			if way := compareWays(t, paths); way != tc.way {
				t.Errorf("took the %q way, want %q", way, tc.way)
			}
		})
	}
}

// Two Vets that share a Cache evaluate a package whose files did not
// change once, and each reports in its own files, exactly as without the
// cache: the model, the findings, every position.
func TestCacheShares(t *testing.T) {
	pkgFiles := func(changed bool) map[string]string {
		files := map[string]string{}
		for i := range 4 {
			ws := fmt.Sprintf("ml-team%d", i)
			body := "package " + fmt.Sprintf("t%d", i) + "\n" + fmt.Sprintf(unitWS, ws) +
				fmt.Sprintf("_sizes: [\"Standard_D2_v2\", \"Standard_DS3_v2\"]\nworkspaces: %q: clusters: {for i, s in _sizes {\"cpu-\\(i)\": {vmSize: s, maxNodes: 2 + i}}}\n", ws)
			if i == 1 {
				body += fmt.Sprintf("workspaces: %q: clusters: \"Bad_Name\": {vmSize: \"Standard_D2_v2\", maxNodes: 2}\n", ws)
			}
			if i == 2 && changed {
				body = strings.Replace(body, "2 + i", "5 + i", 1)
			}
			files[fmt.Sprintf("t%d/specs.cue", i)] = body
		}
		files["q/quotas.json"] = `{"quotas": {"6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d": {"westus": {"lowPriority": 10}}}}`
		return files
	}
	write := func(changed bool) []string {
		root := t.TempDir()
		var paths []string
		for f, src := range pkgFiles(changed) {
			writeFile(t, filepath.Join(root, filepath.FromSlash(f)), []byte(src))
			paths = append(paths, filepath.Join(root, filepath.Dir(filepath.FromSlash(f))))
		}
		slices.Sort(paths)
		return paths
	}
	a, b := write(false), write(true)
	for _, broken := range []bool{false, true} {
		if broken {
			// A schema error in the changed package: the configuration
			// takes the diagnostic path, with the cached packages.
			writeFile(t, filepath.Join(filepath.Dir(b[2]), "t2", "more.cue"), []byte("package t2\nworkspaces: \"ml-team2\": clusters: \"cpu-9\": {vmSize: \"Standard_D2_v2\", maxNode: 2}\n"))
		}
		want := []*Result{Vet(a, Options{KeepPositions: true}), Vet(b, Options{KeepPositions: true})}
		cache := NewCache()
		got := make([]*Result, 2)
		var wg sync.WaitGroup
		for i, paths := range [][]string{a, b} {
			wg.Go(func() { got[i] = Vet(paths, Options{KeepPositions: true, Cache: cache}) })
		}
		wg.Wait()
		if n, want := len(cache.units), 5+1; n != want {
			t.Errorf("broken=%v: %d units evaluated, want %d (4 packages and a data file, one package changed)", broken, n, want)
		}
		for i := range got {
			if d := cmp.Diff(want[i].Spec, got[i].Spec); d != "" {
				t.Errorf("broken=%v side %d: models differ (-alone +cached):\n%s", broken, i, d)
			}
			if d := cmp.Diff(want[i].Diags, got[i].Diags); d != "" {
				t.Errorf("broken=%v side %d: findings differ (-alone +cached):\n%s", broken, i, d)
			}
			if want[i].way != got[i].way {
				t.Errorf("broken=%v side %d: way %s alone, %s cached", broken, i, want[i].way, got[i].way)
			}
			for _, w := range got[i].Spec.Workspaces {
				for _, c := range w.Clusters {
					for _, labels := range [][]string{{"workspaces", w.Key}, {"workspaces", w.Key, "clusters", c.Name}, {"workspaces", w.Key, "clusters", c.Name, "maxNodes"}} {
						if wp, gp := want[i].Pos(labels...), got[i].Pos(labels...); wp != gp {
							t.Errorf("broken=%v side %d: position of %v: %v alone, %v cached", broken, i, labels, wp, gp)
						}
					}
				}
			}
		}
		if !got[1].Diags.HasErrors() {
			t.Fatalf("broken=%v: side b has no error: %v", broken, got[1].Diags)
		}
		for _, d := range got[1].Diags {
			if !strings.HasPrefix(d.Pos.Filename, filepath.Dir(b[0])) {
				t.Errorf("broken=%v: a finding of side b is in another side's file: %v", broken, d)
			}
		}
	}
}

// In a CUE module, each package of ./... is a unit with the packages it
// imports: two Vets that share a Cache evaluate a team package whose
// files (and whose imports' files) did not change once, and the changed
// team and the results are as without the cache.
func TestCacheSharesModulePackages(t *testing.T) {
	write := func(changed bool) string {
		root := t.TempDir()
		writeFile(t, filepath.Join(root, "cue.mod", "module.cue"), []byte("module: \"example.com/infra\"\nlanguage: version: \"v0.17.0\"\n"))
		writeFile(t, filepath.Join(root, "platform", "platform.cue"), []byte("package platform\n\n#Compute: {vmSize: *\"Standard_D2_v2\" | string, maxNodes: int, idleTimeBeforeScaleDown: *\"30m\" | string, ...}\n"))
		for i, team := range []string{"vision", "nlp", "speech"} {
			n := 2 + i
			if changed && team == "nlp" {
				n += 5
			}
			ws := "ml-" + team
			src := "package " + team + "\n\nimport \"example.com/infra/platform\"\n\n" + fmt.Sprintf(unitWS, ws) +
				fmt.Sprintf("workspaces: %q: clusters: {for i, x in [\"a\", \"b\"] {\"%s-\\(x)\": platform.#Compute & {maxNodes: %d + i}}}\n", ws, team, n)
			writeFile(t, filepath.Join(root, "teams", team, team+".cue"), []byte(src))
		}
		return root
	}
	a, b := write(false), write(true)
	opts := func(dir string, cache *Cache) Options { return Options{Dir: dir, KeepPositions: true, Cache: cache} }
	want := []*Result{Vet([]string{"./teams/..."}, opts(a, nil)), Vet([]string{"./teams/..."}, opts(b, nil))}
	for i, r := range want {
		if len(r.Diags) > 0 || len(r.Spec.Workspaces) != 3 || r.way != "evaluated" {
			t.Fatalf("side %d alone: %v, %d workspaces, way %s", i, r.Diags, len(r.Spec.Workspaces), r.way)
		}
	}
	cache := NewCache()
	got := make([]*Result, 2)
	var wg sync.WaitGroup
	for i, dir := range []string{a, b} {
		wg.Go(func() { got[i] = Vet([]string{"./teams/..."}, opts(dir, cache)) })
	}
	wg.Wait()
	if n := len(cache.units); n != 4 {
		t.Errorf("%d units evaluated, want 4 (three teams, one of them changed)", n)
	}
	for i := range got {
		if d := cmp.Diff(want[i].Spec, got[i].Spec); d != "" {
			t.Errorf("side %d: models differ (-alone +cached):\n%s", i, d)
		}
		if d := cmp.Diff(want[i].Diags, got[i].Diags); d != "" {
			t.Errorf("side %d: findings differ (-alone +cached):\n%s", i, d)
		}
		for _, w := range got[i].Spec.Workspaces {
			for _, c := range w.Clusters {
				labels := []string{"workspaces", w.Key, "clusters", c.Name, "maxNodes"}
				if wp, gp := want[i].Pos(labels...), got[i].Pos(labels...); wp != gp {
					t.Errorf("side %d: position of %v: %v alone, %v cached", i, labels, wp, gp)
				}
			}
		}
	}
	if ws := got[0].Spec.Workspaces; len(ws) != 3 || ws[0].Clusters[0].IdleTimeBeforeScaleDown.Minutes() != 30 {
		t.Errorf("the platform's default is not the clusters': %+v", ws)
	}
}
