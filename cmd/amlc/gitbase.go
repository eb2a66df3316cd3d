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

	"github.com/amlc-dev/amlc/internal/diag"
	"github.com/amlc-dev/amlc/schema"
)

// snapshot is the spec paths as they were at a git revision, copied into a
// temporary directory that mirrors the repository.
type snapshot struct {
	rev   string
	dir   string   // the temporary directory, standing for the repository's top
	cwd   string   // the working directory's place in it
	paths []string // the inputs, inside dir
}

// gitSnapshot reads paths (relative to cwd, files or directories) at rev
// through git: one listing of the revision's tree and one `git cat-file
// --batch` for every file needed, whatever their number. A path that did
// not exist at rev contributes nothing, so its clusters are all created.
//
// What is copied is what loading the paths may read: the spec files at and
// below each path (for ./... patterns), the spec files directly in each
// directory above it up to the repository's top (CUE unifies a package's
// files in ancestor directories of a module), and every cue.mod directory.
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
	var want pathSet
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(realCwd, strings.TrimSuffix(filepath.ToSlash(p), "/..."))
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, fmt.Errorf("--base: %s is outside the git repository %s", p, top)
		}
		want.add(filepath.ToSlash(rel))
	}
	blobs, err := listTree(top, rev, &want)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "amlc-base-")
	if err != nil {
		return nil, err
	}
	s := &snapshot{rev: rev, dir: dir, cwd: dir}
	if rel, err := filepath.Rel(top, realCwd); err == nil && !strings.HasPrefix(rel, "..") {
		s.cwd = filepath.Join(dir, rel)
	}
	if err := catFiles(top, blobs, dir); err != nil {
		s.cleanup()
		return nil, err
	}
	for i, p := range paths {
		rel := want.roots[i]
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			continue // not there at rev
		}
		in := filepath.Join(dir, filepath.FromSlash(rel))
		if strings.HasSuffix(filepath.ToSlash(p), "/...") {
			in += string(filepath.Separator) + "..."
		}
		s.paths = append(s.paths, in)
	}
	return s, nil
}

// pathSet is the repository paths (slash-separated, "." for the top) of
// the inputs.
type pathSet struct{ roots []string }

func (ps *pathSet) add(rel string) { ps.roots = append(ps.roots, rel) }

// wants reports whether the file at name belongs in the snapshot.
func (ps *pathSet) wants(name string) bool {
	if slices.Contains(strings.Split(path.Dir(name), "/"), "cue.mod") {
		return true
	}
	if !isSpecFile(name) {
		return false
	}
	dir := path.Dir(name)
	for _, r := range ps.roots {
		switch {
		case r == "." || name == r || strings.HasPrefix(name, r+"/"):
			return true // the path itself, or below it
		case dir == "." || r == dir || strings.HasPrefix(r, dir+"/"):
			return true // directly in a directory above it
		}
	}
	return false
}

// blob is a file of the revision's tree.
type blob struct{ name, id string }

// listTree lists the files of rev that the snapshot needs, in one `git
// ls-tree`.
func listTree(top, rev string, want *pathSet) ([]blob, error) {
	out, err := gitBytes(top, "ls-tree", "-r", "-z", "--full-tree", rev)
	if err != nil {
		return nil, err
	}
	var blobs []blob
	for entry := range bytes.SplitSeq(out, []byte{0}) {
		// <mode> SP <type> SP <object> TAB <file>
		meta, name, ok := strings.Cut(string(entry), "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 || f[1] != "blob" || f[0] == "120000" || !want.wants(name) {
			continue // not a regular file (a symlink, a submodule) or not needed
		}
		blobs = append(blobs, blob{name: name, id: f[2]})
	}
	return blobs, nil
}

// catFiles writes the blobs into dir, read in one `git cat-file --batch`.
func catFiles(top string, blobs []blob, dir string) error {
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
	werr := writeBlobs(bufio.NewReaderSize(stdout, 1<<16), blobs, dir)
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

// writeBlobs reads cat-file's answers, "<object> <type> <size>\n<data>\n"
// for each blob in order, and writes each file.
func writeBlobs(r *bufio.Reader, blobs []blob, dir string) error {
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
		dst := filepath.Join(dir, filepath.FromSlash(b.name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		_, err = io.CopyN(out, r, size)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("git cat-file: %s: %v", b.name, err)
		}
		if _, err := r.Discard(1); err != nil { // the newline after the data
			return fmt.Errorf("git cat-file: %v", err)
		}
	}
	return nil
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
