package schema

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/fixtures"
	"github.com/amlc-dev/amlc/internal/diag"
)

// Spec files held in memory (Options.Files, as diff --base reads a git
// revision) vet exactly as the same files on disk: every fixture and every
// CLI script's files, each directory on its own and, in a module, ./...:
// the model, the findings (in the same files, below the other root) and
// the way taken.
func TestMemFilesLikeDisk(t *testing.T) {
	type tree struct {
		name  string
		files map[string][]byte // by slash path below the root
	}
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
	compared := 0
	for _, tr := range trees {
		disk := t.TempDir()
		memRoot := filepath.Join(t.TempDir(), "mem") // never on disk
		mem := NewMemFiles(memRoot)
		for name, data := range tr.files {
			writeFile(t, filepath.Join(disk, filepath.FromSlash(name)), data)
			mem.Add(name, data)
		}
		// Every directory with spec files, and ./... at the top.
		inputs := [][2]string{{".", "./..."}}
		_ = filepath.WalkDir(disk, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && d.Name() != "cue.mod" {
				rel, _ := filepath.Rel(disk, p)
				inputs = append(inputs, [2]string{rel, "."})
			}
			return nil
		})
		for _, in := range inputs {
			opts := Options{Dir: filepath.Join(disk, in[0])}
			if pkgs, _, ds := loadInputs([]string{in[1]}, opts); !ds.HasErrors() && risky(pkgs) {
				continue // a repetition: Vet would evaluate it in another process (Options.Guard)
			}
			want := Vet([]string{in[1]}, Options{Dir: filepath.Join(disk, in[0])})
			got := Vet([]string{in[1]}, Options{Dir: filepath.Join(memRoot, in[0]), Files: mem})
			moveRoot(got.Diags, memRoot, disk)
			for i := range got.Files {
				got.Files[i] = strings.Replace(got.Files[i], memRoot, disk, 1)
			}
			if d := cmp.Diff(want.Spec, got.Spec); d != "" {
				t.Errorf("%s, %s in %s: models differ (-disk +memory):\n%s", tr.name, in[1], in[0], d)
			}
			if d := cmp.Diff(want.Diags, got.Diags); d != "" {
				t.Errorf("%s, %s in %s: findings differ (-disk +memory):\n%s", tr.name, in[1], in[0], d)
			}
			if !slices.Equal(want.Files, got.Files) || want.way != got.way {
				t.Errorf("%s, %s in %s: files %v, way %q on disk; %v, %q in memory", tr.name, in[1], in[0], want.Files, want.way, got.Files, got.way)
			}
			compared++
		}
	}
	t.Logf("%d inputs compared", compared)
}

// moveRoot moves the findings' positions below one root to another, and
// the directories their messages name.
func moveRoot(ds diag.Diagnostics, from, to string) {
	move := func(p *diag.Pos) {
		if rest, ok := strings.CutPrefix(p.Filename, from); ok {
			p.Filename = to + rest
		}
	}
	for i := range ds {
		ds[i].Summary = strings.ReplaceAll(ds[i].Summary, from, to)
		ds[i].Detail = strings.ReplaceAll(ds[i].Detail, from, to)
		move(&ds[i].Pos)
		for j := range ds[i].Related {
			move(&ds[i].Related[j])
		}
	}
}
