package doccheck

import (
	"regexp"
	"strings"
	"testing"

	"cuelang.org/go/cue/cuecontext"
	"cuelang.org/go/encoding/yaml"
)

// workflowStep is a step of a composite action or of a workflow job.
type workflowStep struct {
	Name  string
	Uses  string
	Run   string
	Shell string
}

// pinned is an action reference pinned by a full commit SHA.
var pinned = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)

// decodeYAML decodes a YAML file of the repository into v.
func decodeYAML(t *testing.T, root, rel string, v any) {
	t.Helper()
	f, err := yaml.Extract(rel, read(t, root, rel))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if err := cuecontext.New().BuildFile(f).Decode(v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// checkSteps reports steps that use an action not pinned by commit, and
// run scripts that expand ${{ }} expressions into the script (inputs go
// through env, so that a value cannot become shell code).
func checkSteps(t *testing.T, file string, steps []workflowStep) {
	t.Helper()
	for _, s := range steps {
		if s.Uses != "" && !pinned.MatchString(s.Uses) {
			t.Errorf("%s: step %q uses %s: pin it by a full commit SHA (the tag in a comment)", file, s.Name, s.Uses)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("%s: step %q expands ${{ }} inside its script: pass the value through env", file, s.Name)
		}
	}
}

// TestAction: action.yml is a composite action whose steps are pinned and
// whose scripts take their inputs from env, and docs/ci.md documents every
// input and output.
func TestAction(t *testing.T) {
	root, _ := repoFiles(t)
	var action struct {
		Name, Description string
		Inputs            map[string]struct{ Description, Default string }
		Outputs           map[string]struct{ Description, Value string }
		Runs              struct {
			Using string
			Steps []workflowStep
		}
	}
	decodeYAML(t, root, "action.yml", &action)
	if action.Runs.Using != "composite" || len(action.Runs.Steps) == 0 || action.Name == "" || action.Description == "" {
		t.Fatalf("action.yml: using %q, %d steps, name %q: want a named composite action", action.Runs.Using, len(action.Runs.Steps), action.Name)
	}
	checkSteps(t, "action.yml", action.Runs.Steps)
	for _, s := range action.Runs.Steps {
		if s.Run != "" && s.Shell != "bash" {
			t.Errorf("action.yml: step %q has shell %q; a composite action's run steps need one (bash)", s.Name, s.Shell)
		}
	}
	for _, want := range []string{"amlc vet", "--format github", "amlc diff", "--base", "--format markdown", "amlc-plan"} {
		found := false
		for _, s := range action.Runs.Steps {
			found = found || strings.Contains(s.Run, want)
		}
		if !found {
			t.Errorf("action.yml: no step runs %q", want)
		}
	}
	ci := read(t, root, "docs/ci.md")
	for name, in := range action.Inputs {
		if in.Description == "" {
			t.Errorf("action.yml: input %s has no description", name)
		}
		if !strings.Contains(ci, "| `"+name+"` |") {
			t.Errorf("docs/ci.md does not document the input %s", name)
		}
	}
	for name := range action.Outputs {
		if !strings.Contains(ci, "| `"+name+"` |") {
			t.Errorf("docs/ci.md does not document the output %s", name)
		}
	}
}

// TestExampleWorkflow: the example workflow is outside .github/workflows
// (it must not run on amlc's own pushes) and pins its actions.
func TestExampleWorkflow(t *testing.T) {
	root, files := repoFiles(t)
	for _, f := range files {
		if strings.HasPrefix(f, ".github/workflows/") {
			t.Errorf("%s runs on amlc's own pushes; examples belong in examples/", f)
		}
	}
	var wf struct {
		Jobs map[string]struct{ Steps []workflowStep }
	}
	decodeYAML(t, root, "examples/github-actions.yml", &wf)
	if len(wf.Jobs) == 0 {
		t.Fatal("examples/github-actions.yml has no jobs")
	}
	for _, j := range wf.Jobs {
		checkSteps(t, "examples/github-actions.yml", j.Steps)
	}
}
