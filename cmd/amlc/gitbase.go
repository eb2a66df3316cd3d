package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// snapshot is the spec paths as they were at a git revision, copied into a
// temporary directory.
type snapshot struct {
	rev   string
	dir   string   // the temporary directory
	paths []string // the inputs, inside dir
}

// gitSnapshot reads paths (relative to cwd, files or directories) at rev
// through git. A path that did not exist at rev contributes nothing, so
// its clusters are all created.
func gitSnapshot(cwd, rev string, paths []string) (*snapshot, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	top, err := git(cwd, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, errors.New("--base needs a git repository: " + err.Error())
	}
	top = strings.TrimSpace(top)
	if _, err := git(cwd, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--base: %q is not a revision of this repository", rev)
	}
	dir, err := os.MkdirTemp("", "amlc-base-")
	if err != nil {
		return nil, err
	}
	s := &snapshot{rev: rev, dir: dir}
	realCwd, err := filepath.EvalSymlinks(cwd)
	if err != nil {
		realCwd = cwd
	}
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(realCwd, p)
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			s.cleanup()
			return nil, fmt.Errorf("--base: %s is outside the git repository %s", p, top)
		}
		rel = filepath.ToSlash(rel)
		// List what the path was at rev: the files directly in a
		// directory, or the file itself.
		spec := rel
		if rel == "." {
			spec = ""
		}
		out, err := git(top, "ls-tree", "--name-only", rev, "--", spec+"/", spec)
		if err != nil {
			s.cleanup()
			return nil, err
		}
		var copied bool
		for _, name := range strings.Split(strings.TrimSpace(out), "\n") {
			if name == "" || !isSpecFile(name) {
				continue
			}
			data, err := gitBytes(top, "show", rev+":"+name)
			if err != nil {
				s.cleanup()
				return nil, err
			}
			dst := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				s.cleanup()
				return nil, err
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				s.cleanup()
				return nil, err
			}
			copied = true
		}
		if copied {
			s.paths = append(s.paths, filepath.Join(dir, filepath.FromSlash(rel)))
		}
	}
	return s, nil
}

func isSpecFile(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".cue", ".json", ".yaml", ".yml":
		return true
	}
	return false
}

// vet validates the snapshot. Findings point at "REV:path" rather than at
// the temporary copy.
func (s *snapshot) vet(opts schema.Options) *schema.Result {
	if len(s.paths) == 0 {
		return &schema.Result{Spec: &schema.Spec{}}
	}
	res := schema.Vet(s.paths, opts)
	fix := func(p *diag.Pos) {
		if rel, err := filepath.Rel(s.dir, p.Filename); err == nil && !strings.HasPrefix(rel, "..") {
			p.Filename = s.rev + ":" + filepath.ToSlash(rel)
		}
	}
	for i := range res.Diags {
		fix(&res.Diags[i].Pos)
		for j := range res.Diags[i].Related {
			fix(&res.Diags[i].Related[j])
		}
	}
	return res
}

func (s *snapshot) cleanup() { os.RemoveAll(s.dir) }

func git(dir string, args ...string) (string, error) {
	out, err := gitBytes(dir, args...)
	return string(out), err
}

func gitBytes(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}
