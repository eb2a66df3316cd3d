package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cuelang.org/go/cue"
	"cuelang.org/go/cue/build"
	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/cue/parser"

	"github.com/google/go-cmp/cmp"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/diff"
	"github.com/amlc-dev/amlc/internal/armfake"
	"github.com/amlc-dev/amlc/internal/azure"
	"github.com/amlc-dev/amlc/internal/policy"
	"github.com/amlc-dev/amlc/schema"
)

// TestGeneratedRepositories keeps the benchmark from rotting: the
// generated repositories are valid (vet finds nothing at all), the changed
// one plans exactly the changes made, and the cue side of the comparison
// really validates (an unknown field fails it).
func TestGeneratedRepositories(t *testing.T) {
	s := shape{clusters: 100, workspaces: 5}
	base := generate(s, 1)
	changed, kinds := mutate(base)
	dir := t.TempDir()
	baseDir, changedDir := filepath.Join(dir, "base"), filepath.Join(dir, "changed")
	if err := base.write(baseDir, base, changed); err != nil {
		t.Fatal(err)
	}
	if err := changed.write(changedDir, base, changed); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(baseDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != s.workspaces+1 {
		t.Errorf("%d files, want one per workspace and quotas.cue", len(files))
	}

	b := schema.Vet([]string{baseDir}, asVet())
	if len(b.Diags) > 0 {
		t.Fatalf("vet of the generated repository: %v", b.Diags)
	}
	n := 0
	for _, w := range b.Spec.Workspaces {
		n += len(w.Clusters)
	}
	if n != s.clusters || len(b.Spec.Workspaces) != s.workspaces {
		t.Errorf("vet saw %d clusters in %d workspaces, want %v", n, len(b.Spec.Workspaces), s)
	}
	if len(b.Spec.Quotas) < 2 {
		t.Errorf("%d quotas blocks, want several subscriptions and regions", len(b.Spec.Quotas))
	}
	out, err := compiler.Compile(b.Spec, compiler.Options{})
	if err != nil || len(out) != 2*s.workspaces {
		t.Errorf("compile: %d files, %v", len(out), err)
	}

	c := schema.Vet([]string{changedDir}, asVet())
	if len(c.Diags) > 0 {
		t.Fatalf("vet of the changed repository: %v", c.Diags)
	}
	counts := diff.Compute(c.Spec, b.Spec).Counts()
	if counts[diff.Update] != kinds["scale"]+kinds["tags"] || counts[diff.Replace] != kinds["vmSize"] ||
		kinds["scale"]+kinds["vmSize"]+kinds["tags"] != s.clusters/10 {
		t.Errorf("plan %v for changes %v", counts, kinds)
	}

	// The cue side: the same files, the schema and the binding.
	cueDir := filepath.Join(dir, "cue")
	if err := writeCUEDir(baseDir, cueDir); err != nil {
		t.Fatal(err)
	}
	if err := cueValidate(cueDir); err != nil {
		t.Fatalf("the cue side rejects a valid repository: %v", err)
	}
	p := filepath.Join(cueDir, base.workspaces[0].key+".cue")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), "\t\t\tmaxNodes:", "\t\t\tmaxNode: 3\n\t\t\tmaxNodes:", 1)
	if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cueValidate(cueDir); err == nil || !strings.Contains(err.Error(), "field not allowed") {
		t.Fatalf("the cue side accepts an unknown field (err = %v): it would not validate", err)
	}
}

// cueValidate does in process what `cue export -e spec DIR` does: every
// file of DIR as one package instance (as amlc builds it, without
// cue/load), then the spec field validated and exported.
func cueValidate(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	inst := build.NewContext().NewInstance("", nil)
	for _, e := range entries {
		f, err := parser.ParseFile(filepath.Join(dir, e.Name()), nil)
		if err != nil {
			return err
		}
		if err := inst.AddSyntax(f); err != nil {
			return err
		}
	}
	v := cuecontext.New().BuildInstance(inst)
	if err := v.Err(); err != nil {
		return err
	}
	spec := v.LookupPath(cue.ParsePath("spec"))
	if err := spec.Validate(cue.Concrete(true)); err != nil {
		return err
	}
	_, err = spec.MarshalJSON()
	return err
}

// Benchmarks for profiling amlc in process, e.g.
//
//	go test ./bench -run '^$' -bench 'Vet/clusters=10000$' -benchtime 5x -cpuprofile cpu.out
//	go tool pprof -top -cum cpu.out

var (
	reposMu sync.Mutex
	repos   = map[int]string{}
)

// repoDir generates (once per process) a repository of the benchmark's
// shape with n clusters and returns its directory.
func repoDir(b *testing.B, n int) string {
	reposMu.Lock()
	defer reposMu.Unlock()
	if d, ok := repos[n]; ok {
		return d
	}
	d, err := os.MkdirTemp("", "amlc-bench-test-")
	if err != nil {
		b.Fatal(err)
	}
	s := shape{clusters: n, workspaces: max(n/20, 1)}
	if n >= 10000 {
		s.workspaces = n / 50
	}
	rp := generate(s, 1)
	changed, _ := mutate(rp)
	if err := rp.write(filepath.Join(d, "base"), rp, changed); err != nil {
		b.Fatal(err)
	}
	if err := changed.write(filepath.Join(d, "changed"), rp, changed); err != nil {
		b.Fatal(err)
	}
	repos[n] = d
	return d
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range repos {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

var benchSizes = []int{1000, 10000}

func vetOK(b *testing.B, dir string) *schema.Result {
	res := schema.Vet([]string{dir}, asVet())
	if res.Diags.HasErrors() {
		b.Fatal(res.Diags)
	}
	return res
}

// BenchmarkVet is `amlc vet` without the process: load, schema, checks.
func BenchmarkVet(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("clusters=%d", n), func(b *testing.B) {
			dir := filepath.Join(repoDir(b, n), "base")
			b.ReportAllocs()
			for b.Loop() {
				vetOK(b, dir)
			}
		})
	}
}

// BenchmarkCompile is the compiler alone (ARM JSON and Bicep), on a vetted
// spec.
func BenchmarkCompile(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("clusters=%d", n), func(b *testing.B) {
			spec := vetOK(b, filepath.Join(repoDir(b, n), "base")).Spec
			b.ReportAllocs()
			for b.Loop() {
				if _, err := compiler.Compile(spec, compiler.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVetCompile is `amlc build` without the process and the writes.
func BenchmarkVetCompile(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("clusters=%d", n), func(b *testing.B) {
			dir := filepath.Join(repoDir(b, n), "base")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := compiler.Compile(vetOK(b, dir).Spec, compiler.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiff is `amlc diff --from` without the process and the
// rendering: two vets and the plan.
func BenchmarkDiff(b *testing.B) {
	d := repoDir(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		desired := vetOK(b, filepath.Join(d, "changed"))
		base := vetOK(b, filepath.Join(d, "base"))
		if p := diff.Compute(desired.Spec, base.Spec); !p.HasChanges() {
			b.Fatal("no changes")
		}
	}
}

// TestLiveSetup keeps the live measurement from rotting, in process: the
// templates amlc compiles for the base seed armfake through the same
// configuration file cmd/armfake reads, and a live plan of the changed
// repository against it holds exactly the changes made, with one list
// request per workspace, the fake's counts as the benchmark reads them,
// and never more requests in flight than the client's bound.
func TestLiveSetup(t *testing.T) {
	s := shape{clusters: 60, workspaces: 12}
	base := generate(s, 1)
	changed, kinds := mutate(base)
	dir := t.TempDir()
	changedDir, tmplDir := filepath.Join(dir, "changed"), filepath.Join(dir, "templates")
	if err := changed.write(changedDir, base, changed); err != nil {
		t.Fatal(err)
	}
	if err := base.write(filepath.Join(dir, "base"), base, changed); err != nil {
		t.Fatal(err)
	}
	b := vetNoFinding(t, filepath.Join(dir, "base"))
	files, err := compiler.Compile(b.Spec, compiler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(tmplDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(tmplDir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := liveConfig(base, tmplDir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var opts armfake.Options
	if err := json.Unmarshal(data, &opts); err != nil {
		t.Fatal(err)
	}
	if len(opts.Computes) != s.clusters || len(opts.Workspaces) != s.workspaces || opts.PageSize != livePageSize || !opts.Control {
		t.Fatalf("armfake options: %d computes, %d workspaces, page size %d, control %v", len(opts.Computes), len(opts.Workspaces), opts.PageSize, opts.Control)
	}
	opts.Latency = 5 * time.Millisecond
	srv, err := armfake.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	arm := &fakeARM{url: srv.URL(), client: srv.Client()}

	const parallel = 3
	c, err := azure.New(azure.Options{Endpoint: srv.URL(), Token: "bench", Transport: srv.Client(), Parallel: parallel})
	if err != nil {
		t.Fatal(err)
	}
	desired := vetNoFinding(t, changedDir).Spec
	for run := range 2 {
		if err := arm.reset(); err != nil {
			t.Fatal(err)
		}
		obs, err := c.Observe(context.Background(), azure.Refs(desired))
		if err != nil {
			t.Fatal(err)
		}
		lp, err := azure.PlanLive(desired, obs, c.Endpoint(), false)
		if err != nil {
			t.Fatal(err)
		}
		counts := lp.Counts()
		if counts[diff.Update] != kinds["scale"]+kinds["tags"] || counts[diff.Replace] != kinds["vmSize"] ||
			counts[diff.Create]+counts[diff.Delete] != 0 || len(lp.Observed.Unmanaged)+len(lp.Observed.Failed) != 0 {
			t.Errorf("run %d: live plan %v (unmanaged %v, failed %v) for changes %v", run, counts, lp.Observed.Unmanaged, lp.Observed.Failed, kinds)
		}
		st, err := arm.stats()
		if err != nil {
			t.Fatal(err)
		}
		if st.Requests != s.workspaces || st.MaxInFlight < 1 || st.MaxInFlight > parallel {
			t.Errorf("run %d: armfake counted %+v, want %d requests and at most %d in flight", run, st, s.workspaces, parallel)
		}
	}
}

// vetNoFinding vets dir and fails the test on any finding.
func vetNoFinding(t *testing.T, dir string) *schema.Result {
	t.Helper()
	res := schema.Vet([]string{dir}, asVet())
	if len(res.Diags) > 0 {
		t.Fatalf("vet of %s: %v", dir, res.Diags)
	}
	return res
}

// asVet are the options amlc vet checks with by default: the Azure Policy
// built-ins included.
func asVet() schema.Options {
	return schema.Options{Checks: []schema.ClusterCheck{policy.NewChecker(nil, policy.Builtins())}}
}

// TestPerFileLayouts keeps the a-file-a-cluster layouts valid and equal:
// in CUE, JSON and YAML they vet clean to the model of the repository.
func TestPerFileLayouts(t *testing.T) {
	s := shape{clusters: 60, workspaces: 3}
	rp := generate(s, 1)
	dir := t.TempDir()
	if err := rp.write(filepath.Join(dir, "base")); err != nil {
		t.Fatal(err)
	}
	want := schema.Vet([]string{filepath.Join(dir, "base")}, schema.Options{})
	if len(want.Diags) > 0 {
		t.Fatal(want.Diags)
	}
	for _, ext := range perFileFormats {
		d := filepath.Join(dir, ext)
		if err := writePerFile(rp, d, ext); err != nil {
			t.Fatal(err)
		}
		got := schema.Vet([]string{d}, schema.Options{})
		if len(got.Diags) > 0 {
			t.Fatalf("%s: %v", ext, got.Diags)
		}
		if len(got.Files) != s.clusters+1 {
			t.Errorf("%s: %d files, want %d", ext, len(got.Files), s.clusters+1)
		}
		if d := cmp.Diff(want.Spec, got.Spec); d != "" {
			t.Errorf("%s: model differs from the repository's (-want +got):\n%s", ext, d)
		}
	}
}
