package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// snapshot is the spec files as they were at a git revision, copied into a
// temporary directory that mirrors the repository.
type snapshot struct {
	rev   string
	dir   string   // the temporary directory: the repository's top
	cwd   string   // the working directory's place inside dir
	paths []string // the inputs that existed at rev, as the user gave them
}

// gitSnapshot reads the inputs at rev through git. Inside a CUE module the
// whole module's spec files (and cue.mod) are copied, so that imports,
// ancestor directories and patterns load as they would have then;
// otherwise the files directly in each directory, every file below a
// pattern's directory, and named files. A path that did not exist at rev
// contributes nothing, so its clusters are all created.
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
	realCwd, err := filepath.EvalSymlinks(cwd)
	if err != nil {
		realCwd = cwd
	}
	relCwd, err := filepath.Rel(top, realCwd)
	if err != nil || strings.HasPrefix(relCwd, "..") {
		return nil, fmt.Errorf("--base: the working directory is outside the git repository %s", top)
	}
	// What to copy: repository-relative directories, each with all that
	// is below it or only what is directly in it, and single files.
	type want struct {
		rel       string
		recursive bool
	}
	var wants []want
	// moduleRel is the repository path of the module a directory is in
	// (as the working tree has it), or "".
	moduleRel := func(dir string) string {
		if root := schema.ModuleRoot(dir); root != "" {
			if rel, err := filepath.Rel(top, root); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
		return ""
	}
	cwdModule := moduleRel(realCwd)
	inModule := cwdModule != ""
	if inModule {
		wants = append(wants, want{cwdModule, true})
	}
	var kept []string
	for _, p := range paths {
		base, isPattern := strings.CutSuffix(filepath.ToSlash(p), "/...")
		if p == "..." {
			base, isPattern = ".", true
		}
		abs := base
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(realCwd, filepath.FromSlash(base))
		}
		rel, err := filepath.Rel(top, abs)
		inRepo := err == nil && !strings.HasPrefix(rel, "..")
		switch {
		case inRepo && existsAt(top, rev, filepath.ToSlash(rel)):
			kept = append(kept, p)
			// A path in a module is loaded with its whole module (the
			// working directory's is copied already); another path as
			// it is.
			dir := abs
			if isSpecFile(abs) {
				dir = filepath.Dir(abs)
			}
			switch m := moduleRel(dir); {
			case m != "" && m == cwdModule:
			case m != "":
				wants = append(wants, want{m, true})
			default:
				wants = append(wants, want{filepath.ToSlash(rel), isPattern})
			}
		case inModule && importPathLike(p):
			kept = append(kept, p) // resolved in the module, as it was at rev
		case !inRepo:
			return nil, fmt.Errorf("--base: %s is outside the git repository %s", p, top)
		}
	}
	dir, err := os.MkdirTemp("", "amlc-base-")
	if err != nil {
		return nil, err
	}
	s := &snapshot{rev: rev, dir: dir, cwd: filepath.Join(dir, relCwd)}
	for _, p := range kept {
		if filepath.IsAbs(p) {
			rel, _ := filepath.Rel(top, p)
			p = filepath.Join(dir, rel)
		}
		s.paths = append(s.paths, p)
	}
	for _, w := range wants {
		if err := s.extract(top, w.rel, w.recursive); err != nil {
			s.cleanup()
			return nil, err
		}
	}
	if err := os.MkdirAll(s.cwd, 0o755); err != nil {
		s.cleanup()
		return nil, err
	}
	return s, nil
}

// existsAt reports whether a repository-relative path exists at rev.
func existsAt(top, rev, rel string) bool {
	if rel == "." {
		return true
	}
	_, err := git(top, "cat-file", "-e", rev+":"+rel)
	return err == nil
}

// extract copies the spec files at rel (a file, or a directory: what is
// directly in it, or everything below it) from rev into the snapshot,
// through one git archive. Below a directory, cue.mod is copied whole.
func (s *snapshot) extract(top, rel string, recursive bool) error {
	args := []string{"archive", "--format=tar", s.rev}
	if rel != "." {
		args = append(args, "--", rel)
	}
	data, err := gitBytes(top, args...)
	if err != nil {
		return err
	}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git archive: %v", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Clean(h.Name)
		inside := strings.TrimPrefix(strings.TrimPrefix(name, rel), "/")
		if rel == "." {
			inside = name
		}
		switch {
		case name == rel: // the file itself
		case strings.HasPrefix(inside, "cue.mod/") && recursive:
		case !isSpecFile(name):
			continue
		case !recursive && strings.Contains(inside, "/"):
			continue
		}
		dst := filepath.Join(s.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		content, err := io.ReadAll(tr)
		if err != nil {
			return fmt.Errorf("git archive: %v", err)
		}
		if err := os.WriteFile(dst, content, 0o644); err != nil {
			return err
		}
	}
}

// importPathLike reports whether an argument can only be a CUE import
// path: not a file-system path, and a first element with a dot.
func importPathLike(p string) bool {
	if filepath.IsAbs(p) || strings.HasPrefix(p, ".") {
		return false
	}
	first, _, _ := strings.Cut(filepath.ToSlash(p), "/")
	return strings.Contains(first, ".") && !isSpecFile(p)
}

func isSpecFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".cue", ".json", ".yaml", ".yml":
		return true
	}
	return false
}

// vet validates the snapshot, loading it from the working directory's
// place in it. Findings point at "REV:path" rather than at the temporary
// copy.
func (s *snapshot) vet(e *env, opts schema.Options) *schema.Result {
	if len(s.paths) == 0 {
		return &schema.Result{Spec: &schema.Spec{}}
	}
	opts.Dir = s.cwd
	res := vetGuarded(e, s.paths, opts)
	fix := func(p *diag.Pos) {
		if rel, err := filepath.Rel(s.dir, p.Filename); err == nil && filepath.IsAbs(p.Filename) && !strings.HasPrefix(rel, "..") {
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
