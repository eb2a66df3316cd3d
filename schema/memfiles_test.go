package schema

import (
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/fixtures"
)

// Spec files held in memory (Options.Files, as diff --base reads a git
// revision) vet exactly as the same files on disk: every fixture and every
// CLI script's files, each directory on its own and ./... at the top: the
// model, the findings (in the same files, below the other root), the
// files read and the way taken.
func TestMemFilesLikeDisk(t *testing.T) {
	compared := 0
	for _, tr := range corpusTrees(t) {
		disk := t.TempDir()
		memRoot := filepath.Join(t.TempDir(), "mem") // never on disk
		mem := NewMemFiles(memRoot)
		for name, data := range tr.files {
			writeFile(t, filepath.Join(disk, filepath.FromSlash(name)), data)
			mem.Add(name, data)
		}
		for _, in := range tr.inputs(disk) {
			want := Vet([]string{in[1]}, Options{Dir: filepath.Join(disk, in[0])})
			got := Vet([]string{in[1]}, Options{Dir: filepath.Join(memRoot, in[0]), Files: mem})
			moveRoot(got, memRoot, disk)
			compareResults(t, fmt.Sprintf("%s, %s in %s (-disk +memory)", tr.name, in[1], in[0]), want, got, false)
			compared++
		}
	}
	t.Logf("%d inputs compared", compared)
}

// Two Vets that share a Cache (the two sides of a diff) parse each file
// whose content is the same on both once, and evaluate each unit that is
// the same once: every fixture and every CLI script's files, against a
// copy of them with one file changed, held in memory as diff --base reads
// a revision. Each side's model, findings, files read and positions are
// exactly those of the side vetted alone.
func TestSharedLikeAlone(t *testing.T) {
	compared, shared, hits, clusters := 0, 0, int64(0), int64(0)
	// And a workspace written in two files, one of which both sides
	// share: merged once, then copied by each side to merge the other.
	const ws = `workspaces: "ml-%s": {subscription: "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", resourceGroup: "rg", location: "eastus"}` + "\n"
	split := tree{name: "split workspace", files: map[string][]byte{
		"a.cue": []byte("package x\n" + fmt.Sprintf(ws, "a") + `workspaces: "ml-a": clusters: "cpu-one": {vmSize: "Standard_D2_v2", maxNodes: 2, tags: {a: "1"}}` + "\n"),
		"b.cue": []byte("package x\n" + fmt.Sprintf(ws, "b") + `workspaces: "ml-b": clusters: "cpu-two": {vmSize: "Standard_D2_v2", maxNodes: 3}` + "\n"),
		"c.cue": []byte("package x\n" + `workspaces: "ml-b": clusters: "cpu-three": {vmSize: "standard_d2_v2", maxNodes: 300}` + "\n"),
	}}
	for _, tr := range append(corpusTrees(t), split) {
		a := t.TempDir()
		bRoot := filepath.Join(t.TempDir(), "mem") // never on disk
		b := NewMemFiles(bRoot)
		for i, name := range slices.Sorted(maps.Keys(tr.files)) {
			data := tr.files[name]
			writeFile(t, filepath.Join(a, filepath.FromSlash(name)), data)
			if i == 0 && kindOf(name) != "" {
				// Changed on one side: the same data, other bytes.
				data = append(slices.Clone(data), '\n')
			}
			b.Add(name, data)
		}
		for _, in := range tr.inputs(a) {
			optsA := Options{Dir: filepath.Join(a, in[0]), KeepPositions: true}
			optsB := Options{Dir: filepath.Join(bRoot, in[0]), Files: b, KeepPositions: true}
			want := []*Result{Vet([]string{in[1]}, optsA), Vet([]string{in[1]}, optsB)}
			cache := NewCache()
			optsA.Cache, optsB.Cache = cache, cache
			got := make([]*Result, 2)
			var wg sync.WaitGroup
			wg.Go(func() { got[0] = Vet([]string{in[1]}, optsA) })
			wg.Go(func() { got[1] = Vet([]string{in[1]}, optsB) })
			wg.Wait()
			hits += cache.checked.hits.Load()
			clusters += cache.clusters.hits.Load()
			for i := range got {
				compareResults(t, fmt.Sprintf("%s, %s in %s, side %d (-alone +shared)", tr.name, in[1], in[0], i), want[i], got[i], true)
				if got[i].sharedSyntax {
					shared++
				}
			}
			compared++
		}
	}
	t.Logf("%d inputs compared; %d sides shared syntax; %d workspaces decoded and %d clusters checked once for both", compared, shared, hits, clusters)
	if hits < 50 || clusters < 50 {
		t.Errorf("only %d workspaces decoded and %d clusters checked once for both sides: the comparison does not exercise it", hits, clusters)
	}
	// Most scripts hold one file, the one changed, or specs with
	// errors, which are vetted again alone.
	if shared < 50 {
		t.Errorf("only %d of %d sides shared syntax: the comparison does not exercise sharing", shared, 2*compared)
	}
}

// compareResults compares what two Vets found: model, findings, files,
// way and, with positions, where every workspace, cluster and some fields
// are.
func compareResults(t *testing.T, what string, want, got *Result, positions bool) {
	t.Helper()
	if d := cmp.Diff(want.Spec, got.Spec); d != "" {
		t.Errorf("%s: models differ:\n%s", what, d)
	}
	if d := cmp.Diff(want.Diags, got.Diags); d != "" {
		t.Errorf("%s: findings differ:\n%s", what, d)
	}
	if !slices.Equal(want.Files, got.Files) || want.way != got.way {
		t.Errorf("%s: files %v, way %q; then %v, %q", what, want.Files, want.way, got.Files, got.way)
	}
	if !positions {
		return
	}
	var all [][]string
	for _, w := range want.Spec.Workspaces {
		all = append(all, []string{"workspaces", w.Key}, []string{"workspaces", w.Key, "location"})
		for _, c := range w.Clusters {
			for _, f := range []string{"maxNodes", "vmSize", "amlc-missing"} {
				all = append(all, []string{"workspaces", w.Key, "clusters", c.Name}, []string{"workspaces", w.Key, "clusters", c.Name, f})
			}
		}
	}
	for _, labels := range all {
		if wp, gp := want.Pos(labels...), got.Pos(labels...); wp != gp {
			t.Errorf("%s: position of %v: %v, then %v", what, labels, wp, gp)
		}
	}
}

// tree is a set of spec files: a fixture, or the files of a CLI script.
type tree struct {
	name  string
	files map[string][]byte // by slash path below the root
}

// corpusTrees are every fixture and every CLI script's spec files (and
// cue.mod), except the scripts made to go past the bounds of evaluation.
func corpusTrees(t *testing.T) []tree {
	t.Helper()
	var trees []tree
	for _, name := range fixtures.Names {
		tr := tree{name: "fixture " + name, files: map[string][]byte{}}
		entries, _ := fixtures.FS.ReadDir(name)
		for _, e := range entries {
			tr.files[e.Name()], _ = fixtures.FS.ReadFile(name + "/" + e.Name())
		}
		trees = append(trees, tr)
	}
	scripts, err := filepath.Glob(filepath.Join("..", "cmd", "amlc", "testdata", "script", "*.txtar"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no CLI scripts: %v", err)
	}
	for _, s := range scripts {
		if beyondBounds[filepath.Base(s)] {
			continue
		}
		ar, err := txtar.ParseFile(s)
		if err != nil {
			t.Fatal(err)
		}
		tr := tree{name: filepath.Base(s), files: map[string][]byte{}}
		for _, f := range ar.Files {
			if kindOf(f.Name) != "" || strings.Contains(f.Name, "cue.mod/") {
				tr.files[f.Name] = f.Data
			}
		}
		trees = append(trees, tr)
	}
	return trees
}

// inputs are the inputs to vet in a tree written at root, each {directory
// below root, argument}: ./... at the top and every directory on its own;
// not those with a repetition, which Vet would evaluate in another process
// (Options.Guard).
func (tr tree) inputs(root string) [][2]string {
	out := [][2]string{{".", "./..."}}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() != "cue.mod" {
			rel, _ := filepath.Rel(root, p)
			out = append(out, [2]string{rel, "."})
		}
		return nil
	})
	return slices.DeleteFunc(out, func(in [2]string) bool {
		pkgs, _, ds := loadInputs([]string{in[1]}, Options{Dir: filepath.Join(root, in[0])})
		return !ds.HasErrors() && risky(pkgs)
	})
}

// moveRoot moves a Result's findings and files below one root to another,
// and the directories its messages name.
func moveRoot(res *Result, from, to string) {
	for i := range res.Files {
		res.Files[i] = strings.Replace(res.Files[i], from, to, 1)
	}
	for i := range res.Diags {
		d := &res.Diags[i]
		d.Summary = strings.ReplaceAll(d.Summary, from, to)
		d.Detail = strings.ReplaceAll(d.Detail, from, to)
		if rest, ok := strings.CutPrefix(d.Pos.Filename, from); ok {
			d.Pos.Filename = to + rest
		}
		for j := range d.Related {
			if rest, ok := strings.CutPrefix(d.Related[j].Filename, from); ok {
				d.Related[j].Filename = to + rest
			}
		}
	}
}
