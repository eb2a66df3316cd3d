package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/amlc-dev/amlc/compiler"
	"github.com/amlc-dev/amlc/internal/testkit"
)

// TestLoadLikeCue runs the scripts of testdata/cue, which compare what amlc
// reads with what the real cue CLI (at amlc's cuelang.org/go version, built
// by testkit.CueCLI) exports for the same arguments: the clusters amlc
// builds must be exactly those cue export yields.
func TestLoadLikeCue(t *testing.T) {
	cue := testkit.CueCLI(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/cue",
		UpdateScripts:       os.Getenv("AMLC_UPDATE") == "1",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("PATH", filepath.Dir(cue)+string(os.PathListSeparator)+e.Getenv("PATH"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"clusters": cmdClusters,
		},
	})
}

// cmdClusters prints, sorted, one line a cluster: "workspace/cluster vmSize
// maxNodes".
//
//	clusters cue FILE   from cue export's JSON (one document or several)
//	clusters arm DIR    from the ARM templates amlc build wrote into DIR
func cmdClusters(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: clusters cue FILE | clusters arm DIR")
	}
	var lines []string
	switch args[0] {
	case "cue":
		f, err := os.Open(ts.MkAbs(args[1]))
		ts.Check(err)
		defer f.Close()
		dec := json.NewDecoder(f)
		for {
			var doc struct {
				Workspaces map[string]struct {
					Clusters map[string]struct {
						VMSize   string `json:"vmSize"`
						MaxNodes int    `json:"maxNodes"`
					} `json:"clusters"`
				} `json:"workspaces"`
			}
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			ts.Check(err)
			for w, ws := range doc.Workspaces {
				for c, cl := range ws.Clusters {
					lines = append(lines, fmt.Sprintf("%s/%s %s %d", w, c, cl.VMSize, cl.MaxNodes))
				}
			}
		}
	case "arm":
		entries, err := os.ReadDir(ts.MkAbs(args[1]))
		ts.Check(err)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".json") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(ts.MkAbs(args[1]), e.Name()))
			ts.Check(err)
			var tmpl struct {
				Resources []struct {
					Name       string `json:"name"`
					Properties struct {
						Properties struct {
							VMSize        string `json:"vmSize"`
							ScaleSettings struct {
								MaxNodeCount int `json:"maxNodeCount"`
							} `json:"scaleSettings"`
						} `json:"properties"`
					} `json:"properties"`
				} `json:"resources"`
			}
			ts.Check(json.Unmarshal(data, &tmpl))
			for _, r := range tmpl.Resources {
				p := r.Properties.Properties
				ws, cluster, ok := compiler.SplitChildName(r.Name)
				if !ok {
					ts.Fatalf("clusters arm: resource name %q is not one amlc writes", r.Name)
				}
				lines = append(lines, fmt.Sprintf("%s/%s %s %d", ws, cluster, p.VMSize, p.ScaleSettings.MaxNodeCount))
			}
		}
	default:
		ts.Fatalf("clusters: unknown source %q", args[0])
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(ts.Stdout(), l)
	}
}
