package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// snapshot is the spec files as they were at a git revision, held in
// memory below a temporary directory that stands for the repository's top
// (schema.MemFiles): nothing is written to disk unless the guard must
// evaluate them in another process (materialize).
type snapshot struct {
	rev   string
	dir   string   // the temporary directory: the repository's top
	cwd   string   // the working directory's place inside dir
	paths []string // the inputs that existed at rev, as the user gave them
	files *schema.MemFiles

	once   sync.Once
	errMat error
}

// gitSnapshot reads the inputs at rev through git, into memory: one
// listing of the revision's tree (which also says which paths existed
// then) and one git cat-file --batch for every file needed, however many.
// Inside a CUE module the whole module's spec files (and cue.mod) are
// read, so that imports, ancestor directories and patterns load as they
// would have then; otherwise the files directly in each directory, every file below a
// pattern's directory, and named files. A path that did not exist at rev
// contributes nothing, so its clusters are all created.
func gitSnapshot(cwd, rev string, paths []string) (*snapshot, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	// One git process finds the repository's top and checks the revision.
	cmd := exec.Command("git", "rev-parse", "--show-toplevel", "--verify", "--quiet", rev+"^{commit}")
	cmd.Dir = cwd
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	top, _, _ := strings.Cut(string(out), "\n")
	top = strings.TrimSpace(top)
	switch {
	case top == "":
		msg := strings.TrimSpace(stderr.String())
		if msg == "" && err != nil {
			msg = err.Error()
		}
		return nil, errors.New("--base needs a git repository: git rev-parse: " + msg)
	case err != nil:
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
	tree, err := listTree(top, rev)
	if err != nil {
		return nil, err
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
		case inRepo && tree.has(filepath.ToSlash(rel)):
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
	s := &snapshot{rev: rev, dir: dir, cwd: filepath.Join(dir, relCwd), files: schema.NewMemFiles(dir)}
	for _, p := range kept {
		if filepath.IsAbs(p) {
			rel, _ := filepath.Rel(top, p)
			p = filepath.Join(dir, rel)
		}
		s.paths = append(s.paths, p)
	}
	var blobs []blob
	for _, b := range tree.blobs {
		if slices.ContainsFunc(wants, func(w want) bool { return wanted(b.name, w.rel, w.recursive) }) {
			blobs = append(blobs, b)
		}
	}
	if err := catFiles(top, blobs, s.files); err != nil {
		s.cleanup()
		return nil, err
	}
	s.files.AddDir(filepath.ToSlash(relCwd)) // as a checkout has it, spec files or not
	return s, nil
}

// tree is the regular files of a revision.
type tree struct {
	blobs []blob
	dirs  map[string]bool // every directory that holds one, "." too
}

// blob is a file of the revision's tree.
type blob struct{ name, id string }

// has reports whether a repository-relative path (a file or a directory)
// exists in the tree.
func (t *tree) has(rel string) bool {
	if t.dirs[rel] {
		return true
	}
	return slices.ContainsFunc(t.blobs, func(b blob) bool { return b.name == rel })
}

// listTree lists the regular files of rev, in one git ls-tree.
func listTree(top, rev string) (*tree, error) {
	out, err := gitBytes(top, "ls-tree", "-r", "-z", "--full-tree", rev)
	if err != nil {
		return nil, err
	}
	t := &tree{dirs: map[string]bool{".": true}}
	for entry := range bytes.SplitSeq(out, []byte{0}) {
		// <mode> SP <type> SP <object> TAB <file>
		meta, name, ok := strings.Cut(string(entry), "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 || f[1] != "blob" || f[0] == "120000" {
			continue // not a regular file: a symlink or a submodule
		}
		t.blobs = append(t.blobs, blob{name: name, id: f[2]})
		for d := path.Dir(name); d != "." && !t.dirs[d]; d = path.Dir(d) {
			t.dirs[d] = true
		}
	}
	return t, nil
}

// wanted reports whether the file name is one of the spec files at rel: a
// file, or a directory (what is directly in it, or everything below it).
// Below a directory taken whole, cue.mod is taken whole too.
func wanted(name, rel string, recursive bool) bool {
	inside, ok := strings.CutPrefix(name, rel+"/")
	if rel == "." {
		inside, ok = name, true
	}
	switch {
	case name == rel:
		return true // the file itself
	case !ok:
		return false
	case recursive && (strings.HasPrefix(inside, "cue.mod/") || strings.Contains(inside, "/cue.mod/")):
		return true
	case !isSpecFile(name):
		return false
	}
	return recursive || !strings.Contains(inside, "/")
}

// catFiles reads the blobs into files, in one git cat-file --batch.
func catFiles(top string, blobs []blob, files *schema.MemFiles) error {
	if len(blobs) == 0 {
		return nil
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = top
	var stdin bytes.Buffer
	for _, b := range blobs {
		stdin.WriteString(b.id + "\n")
	}
	cmd.Stdin = &stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	werr := readBlobs(bufio.NewReaderSize(stdout, 1<<16), blobs, files)
	if werr != nil {
		_ = cmd.Process.Kill()
	}
	if err := cmd.Wait(); err != nil && werr == nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("git cat-file: %s", msg)
	}
	return werr
}

// readBlobs reads cat-file's answers, "<object> <type> <size>\n<data>\n"
// for each blob in order, into files.
func readBlobs(r *bufio.Reader, blobs []blob, files *schema.MemFiles) error {
	for _, b := range blobs {
		header, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: %v", err)
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[1] != "blob" {
			return fmt.Errorf("git cat-file: unexpected answer %q for %s", strings.TrimSpace(header), b.name)
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return fmt.Errorf("git cat-file: unexpected answer %q for %s", strings.TrimSpace(header), b.name)
		}
		// A file past schema's bound is kept only up to one byte past
		// it: enough for the loader to refuse it, as it refuses such a
		// file on disk.
		data := make([]byte, min(size, maxBlob))
		_, err = io.ReadFull(r, data)
		if err == nil {
			_, err = r.Discard(int(size - int64(len(data))))
		}
		if err != nil {
			return fmt.Errorf("git cat-file: %s: %v", b.name, err)
		}
		files.Add(b.name, data)
		if _, err := r.Discard(1); err != nil { // the newline after the data
			return fmt.Errorf("git cat-file: %v", err)
		}
	}
	return nil
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
// directory.
func (s *snapshot) vet(e *env, opts schema.Options) *schema.Result {
	if len(s.paths) == 0 {
		return &schema.Result{Spec: &schema.Spec{}}
	}
	opts.Dir = s.cwd
	opts.Files = s.files
	opts = guarded(e, s.paths, opts)
	// The guard's child process reads the files from disk: they are
	// written out first. Where they cannot be, the guard answers nothing
	// and this process evaluates them under its bound, as when the child
	// cannot be started.
	probe := opts.Guard
	opts.Guard = func() error {
		if s.materialize() != nil {
			return nil
		}
		return probe()
	}
	res := schema.Vet(s.paths, opts)
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

// materialize writes the snapshot's files below its directory, once.
func (s *snapshot) materialize() error {
	s.once.Do(func() {
		s.errMat = s.files.Walk(func(rel string, data []byte) error {
			dst := filepath.Join(s.dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			return os.WriteFile(dst, data, 0o644)
		})
	})
	return s.errMat
}

// maxBlob is how much of a file amlc keeps from git: one byte past
// schema's bound on a spec file (32 MiB), which refuses anything larger.
const maxBlob = 32<<20 + 1

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
