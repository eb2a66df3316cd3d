package compiler

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amlc-dev/amlc/internal/testkit"

	"golang.org/x/tools/txtar"

	"github.com/amlc-dev/amlc/schema"
)

// The golden tests: each testdata/*.txtar archive has a comment saying why it
// exists, an input section spec.json (a JSON encoding of a schema.Spec, see
// decodeSpec), optionally an "only" section (one plan address a line), and
// either the expected output files as sections (<key>.json, <key>.bicep) or
// an "error" section with the expected error text.
//
// AMLC_UPDATE=1 go test ./compiler/ rewrites the expected sections.

// inputSections are the sections a golden archive feeds to Compile.
var inputSections = []string{"spec.json", "only"}

type golden struct {
	path    string
	archive *txtar.Archive
	spec    *schema.Spec
	opts    Options
}

func loadGoldens(t *testing.T) []golden {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no golden archives in testdata")
	}
	var gs []golden
	for _, p := range paths {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		g := golden{path: p, archive: ar}
		if strings.TrimSpace(string(ar.Comment)) == "" {
			t.Errorf("%s: the archive needs a comment saying why it exists", p)
		}
		spec, ok := testkit.Section(ar, "spec.json")
		if !ok {
			t.Fatalf("%s: no spec.json section", p)
		}
		g.spec, err = testkit.DecodeSpec(spec)
		if err != nil {
			t.Fatalf("%s: spec.json: %v", p, err)
		}
		if only, ok := testkit.Section(ar, "only"); ok {
			g.opts.Only = strings.Fields(string(only))
		}
		gs = append(gs, g)
	}
	return gs
}

func TestGolden(t *testing.T) {
	for _, g := range loadGoldens(t) {
		t.Run(strings.TrimSuffix(filepath.Base(g.path), ".txtar"), func(t *testing.T) {
			files, err := Compile(g.spec, g.opts)
			var want []txtar.File
			for _, f := range g.archive.Files {
				if !slices.Contains(inputSections, f.Name) {
					want = append(want, f)
				}
			}
			var got []txtar.File
			if err != nil {
				got = []txtar.File{{Name: "error", Data: []byte(err.Error() + "\n")}}
			}
			for _, f := range files {
				got = append(got, txtar.File{Name: f.Name, Data: f.Data})
			}

			if testkit.Update() {
				ar := &txtar.Archive{Comment: g.archive.Comment}
				for _, f := range g.archive.Files {
					if slices.Contains(inputSections, f.Name) {
						ar.Files = append(ar.Files, f)
					}
				}
				ar.Files = append(ar.Files, got...)
				if err := os.WriteFile(g.path, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if d := diffFiles(want, got); d != "" {
				t.Errorf("output differs from %s (AMLC_UPDATE=1 rewrites it):\n%s", g.path, d)
			}
		})
	}
}

func diffFiles(want, got []txtar.File) string {
	var b strings.Builder
	names := func(fs []txtar.File) []string {
		var n []string
		for _, f := range fs {
			n = append(n, f.Name)
		}
		return n
	}
	if !slices.Equal(names(want), names(got)) {
		fmt.Fprintf(&b, "files: want %q, got %q\n", names(want), names(got))
	}
	for _, w := range want {
		for _, g := range got {
			if w.Name == g.Name && !bytes.Equal(w.Data, g.Data) {
				fmt.Fprintf(&b, "--- %s: want\n%s--- %s: got\n%s", w.Name, w.Data, g.Name, g.Data)
			}
		}
	}
	return b.String()
}

// TestDeterministic compiles every golden spec twice, and once more with
// every list of the model reversed: the bytes must not change.
func TestDeterministic(t *testing.T) {
	for _, g := range loadGoldens(t) {
		first, err1 := Compile(g.spec, g.opts)
		again, err2 := Compile(g.spec, g.opts)
		reversed, err3 := Compile(reverseSpec(g.spec), g.opts)
		if (err1 == nil) != (err2 == nil) || (err1 == nil) != (err3 == nil) {
			t.Fatalf("%s: errors differ: %v, %v, %v", g.path, err1, err2, err3)
		}
		for _, other := range [][]File{again, reversed} {
			if len(first) != len(other) {
				t.Fatalf("%s: %d files, then %d", g.path, len(first), len(other))
			}
			for i := range first {
				if first[i].Name != other[i].Name || !bytes.Equal(first[i].Data, other[i].Data) {
					t.Errorf("%s: %s differs between runs", g.path, first[i].Name)
				}
			}
		}
	}
}

// reverseSpec returns a deep enough copy of spec with workspaces and
// clusters in reverse order (the model promises sorted slices; the compiler
// must not depend on it).
func reverseSpec(spec *schema.Spec) *schema.Spec {
	out := &schema.Spec{Quotas: spec.Quotas}
	for _, ws := range spec.Workspaces {
		ws.Clusters = slices.Clone(ws.Clusters)
		slices.Reverse(ws.Clusters)
		out.Workspaces = append(out.Workspaces, ws)
	}
	slices.Reverse(out.Workspaces)
	return out
}

func TestUnknownOnly(t *testing.T) {
	spec := &schema.Spec{Workspaces: []schema.Workspace{{
		Key: "ws", Name: "ws", Location: "westeurope",
		Clusters: []schema.Cluster{{Name: "cpu", VMSize: "Standard_D2_v2", MaxNodes: 1}},
	}}}
	_, err := Compile(spec, Options{Only: []string{"ws/gpu", "ws/cpu", "other/cpu", "ws/gpu"}})
	var ue *UnknownAddressError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want an *UnknownAddressError", err)
	}
	if want := []string{"other/cpu", "ws/gpu"}; !slices.Equal(ue.Addresses, want) {
		t.Errorf("Addresses = %q, want %q", ue.Addresses, want)
	}
}

func TestFormats(t *testing.T) {
	spec := &schema.Spec{Workspaces: []schema.Workspace{
		{Key: "b", Name: "b", Location: "westeurope", Clusters: []schema.Cluster{{Name: "cpu", VMSize: "Standard_D2_v2", MaxNodes: 1}}},
		{Key: "a", Name: "a", Location: "westeurope", Clusters: []schema.Cluster{{Name: "cpu", VMSize: "Standard_D2_v2", MaxNodes: 1}}},
		{Key: "empty", Name: "empty", Location: "westeurope"},
	}}
	for _, tc := range []struct {
		format Format
		want   []string
	}{
		{0, []string{"a.json", "a.bicep", "b.json", "b.bicep"}},
		{Both, []string{"a.json", "a.bicep", "b.json", "b.bicep"}},
		{ARM, []string{"a.json", "b.json"}},
		{Bicep, []string{"a.bicep", "b.bicep"}},
	} {
		files, err := Compile(spec, Options{Format: tc.format})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			got = append(got, f.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Format %v: files %q, want %q", tc.format, got, tc.want)
		}
	}
	if _, err := Compile(spec, Options{Format: 8}); err == nil {
		t.Error("Format(8): no error")
	}
}

func TestBadInputs(t *testing.T) {
	cluster := schema.Cluster{Name: "cpu", VMSize: "Standard_D2_v2", MaxNodes: 1}
	ws := func(key string, cs ...schema.Cluster) schema.Workspace {
		return schema.Workspace{Key: key, Name: "ws", Location: "westeurope", Clusters: cs}
	}
	withIdentity := func(id *schema.Identity) schema.Cluster { c := cluster; c.Identity = id; return c }
	negative := cluster
	negative.IdleTimeBeforeScaleDown = -time.Second
	for name, spec := range map[string]*schema.Spec{
		"key with slash":       {Workspaces: []schema.Workspace{ws("a/b", cluster)}},
		"key dot-dot":          {Workspaces: []schema.Workspace{ws("..", cluster)}},
		"keys differ by case":  {Workspaces: []schema.Workspace{ws("ML", cluster), ws("ml", cluster)}},
		"duplicate cluster":    {Workspaces: []schema.Workspace{ws("w", cluster, cluster)}},
		"negative idle time":   {Workspaces: []schema.Workspace{ws("w", negative)}},
		"user-assigned no ids": {Workspaces: []schema.Workspace{ws("w", withIdentity(&schema.Identity{Type: schema.UserAssigned}))}},
		"duplicate ids": {Workspaces: []schema.Workspace{ws("w", withIdentity(&schema.Identity{
			Type: schema.UserAssigned, IDs: []string{"/subscriptions/x/a", "/SUBSCRIPTIONS/x/a"}}))}},
		"system-assigned with ids": {Workspaces: []schema.Workspace{ws("w", withIdentity(&schema.Identity{
			Type: schema.SystemAssigned, IDs: []string{"/subscriptions/x/a"}}))}},
		"unknown identity type": {Workspaces: []schema.Workspace{ws("w", withIdentity(&schema.Identity{Type: "None"}))}},
	} {
		if _, err := Compile(spec, Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestTemplateSubset(t *testing.T) {
	ws := &schema.Workspace{Key: "w", Name: "w", Location: "westeurope", Clusters: []schema.Cluster{
		{Name: "a-b", VMSize: "Standard_D2_v2", MaxNodes: 1},
		{Name: "aB", VMSize: "Standard_D2_v2", MaxNodes: 1, SSH: &schema.SSH{AdminUser: "u", PasswordSecret: "pw"}},
	}}
	if _, err := Template(ws, nil); err == nil {
		t.Error("Template with no clusters: no error")
	}
	if _, err := Template(ws, []string{"nope"}); err == nil {
		t.Error("Template with an unknown cluster: no error")
	}
	// Names come from the whole workspace: aB is aB2 in any subset.
	tmpl, err := Template(ws, []string{"aB", "aB"})
	if err != nil {
		t.Fatal(err)
	}
	if got := tmpl.Outputs.Keys(); !slices.Equal(got, []string{"aB2Id"}) {
		t.Errorf("outputs %q, want [aB2Id]", got)
	}
	params, err := Parameters(ws, []string{"aB"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"pw": "pw"}; fmt.Sprint(params) != fmt.Sprint(want) {
		t.Errorf("Parameters = %v, want %v", params, want)
	}
	params, err = Parameters(ws, []string{"a-b"})
	if err != nil || len(params) != 0 {
		t.Errorf("Parameters without passwords = %v, %v; want none", params, err)
	}
}
