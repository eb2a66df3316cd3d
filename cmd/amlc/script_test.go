package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"amlc": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts in testdata/script. Each script
// is a txtar archive: spec files, the commands to run and their expected
// output. AMLC_UPDATE=1 rewrites the expected output in place.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       os.Getenv("AMLC_UPDATE") == "1",
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			// Scripts reach the bundled examples as fixtures/<name>.
			return os.CopyFS(filepath.Join(e.WorkDir, "fixtures"), os.DirFS(filepath.Join("..", "..", "fixtures")))
		},
	})
}
