package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// idiomShapes are the sizes of the idiomatic repositories measured (in
// clusters: teams × regions × pools); -diff skips 10,000.
func idiomShapes(cfg config) []int {
	if cfg.small {
		return []int{200}
	}
	if cfg.diffOnly {
		return []int{1000, 3000}
	}
	return []int{1000, 3000, 10000}
}

// bigRuns is at most how many timed runs a repository of 10,000 clusters
// or more gets, so that the whole benchmark stays within minutes.
const bigRuns = 3

// setupIdiom generates the idiomatic repository of n clusters, its copy
// with one team's file changed, the cue side and a git repository whose
// HEAD is the base and whose working tree is the changed copy, and adds
// its commands: vet, build, the diff with one file changed (--from and
// --base), cue export and cue vet.
func setupIdiom(cfg config, tmp, amlc, cue string, n int, add func(string, *command)) error {
	base := generateIdiom(n, cfg.seed)
	changed, plan := changeOneTeam(base)
	repoDir := fmt.Sprintf("idiom-%d", n)
	for _, w := range []struct {
		rp  *idiomRepo
		dir string
	}{{base, repoDir}, {changed, repoDir + "-changed"}} {
		if err := w.rp.write(filepath.Join(tmp, w.dir), base, changed); err != nil {
			return err
		}
	}
	cueDir := "cue-" + repoDir
	if err := writeCUEDir(filepath.Join(tmp, repoDir), filepath.Join(tmp, cueDir)); err != nil {
		return err
	}
	gitDir := filepath.Join(tmp, "git-"+repoDir)
	if err := gitRepo(gitDir, filepath.Join(tmp, repoDir), filepath.Join(tmp, repoDir+"-changed")); err != nil {
		return err
	}
	key := func(name string) string { return fmt.Sprintf("%s/%d", name, n) }
	runs := 0
	if n >= 10000 {
		runs = min(cfg.runs, bigRuns)
	}
	ws := idiomWorkspaces(n)
	clean := contains(fmt.Sprintf("checked %d clusters in %d workspaces (%d files): no problems", n, ws, idiomFiles(n)))
	want := fmt.Sprintf("Plan: 0 to create, %d to update, %d to replace, 0 to delete.", plan["update"], plan["replace"])
	add(key("i-vet"), &command{label: "amlc vet (idiomatic CUE)", clusters: n, dir: tmp, maxRuns: runs,
		argv: []string{amlc, "vet", "./" + repoDir}, check: clean})
	fresh := filepath.Join(tmp, "new-"+repoDir)
	add(key("i-build"), &command{label: "amlc build -o (idiomatic CUE, new dir)", clusters: n, dir: tmp, maxRuns: runs,
		argv:  []string{amlc, "build", "-o", "./new-" + repoDir, "./" + repoDir},
		pre:   func() error { return os.RemoveAll(fresh) },
		check: builtFiles(2*ws, 0)})
	add(key("i-diff-from"), &command{label: "amlc diff --from (idiomatic CUE, 1 file changed)", clusters: n, dir: tmp, maxRuns: runs,
		argv: []string{amlc, "diff", "--from", "./" + repoDir, "./" + repoDir + "-changed"}, check: contains(want)})
	add(key("i-diff-base"), &command{label: "amlc diff --base HEAD (idiomatic CUE, 1 file changed)", clusters: n, dir: gitDir, maxRuns: runs,
		argv: []string{amlc, "diff", "--base", "HEAD", "."}, check: contains(want)})
	// The same repository as a module of packages (one per team).
	modDir := fmt.Sprintf("idiom-mod-%d", n)
	if err := base.writeModule(filepath.Join(tmp, modDir), base, changed); err != nil {
		return err
	}
	if err := changed.writeModule(filepath.Join(tmp, modDir+"-changed"), base, changed); err != nil {
		return err
	}
	modGit := filepath.Join(tmp, "git-"+modDir)
	if err := gitRepo(modGit, filepath.Join(tmp, modDir), filepath.Join(tmp, modDir+"-changed")); err != nil {
		return err
	}
	modClean := contains(fmt.Sprintf("checked %d clusters in %d workspaces (%d files): no problems", n, ws, idiomFiles(n)-1))
	add(key("m-vet"), &command{label: "amlc vet ./... (idiomatic CUE module)", clusters: n, dir: filepath.Join(tmp, modDir), maxRuns: runs,
		argv: []string{amlc, "vet", "./..."}, check: modClean})
	add(key("m-diff-from"), &command{label: "amlc diff --from (idiomatic CUE module, 1 file changed)", clusters: n, dir: filepath.Join(tmp, modDir+"-changed"), maxRuns: runs,
		argv: []string{amlc, "diff", "--from", "../" + modDir + "/...", "./..."}, check: contains(want)})
	add(key("m-diff-base"), &command{label: "amlc diff --base HEAD (idiomatic CUE module, 1 file changed)", clusters: n, dir: modGit, maxRuns: runs,
		argv: []string{amlc, "diff", "--base", "HEAD", "./..."}, check: contains(want)})
	out := filepath.Join(tmp, cueDir+".json")
	add(key("i-cue-export"), &command{label: "cue export -e spec (idiomatic CUE)", clusters: n, dir: tmp, maxRuns: runs,
		argv:  []string{cue, "export", "-e", "spec", "--out", "json", "-o", out, "--force", "./" + cueDir},
		check: exportedClusters(out, n)})
	add(key("i-cue-vet"), &command{label: "cue vet -c (idiomatic CUE)", clusters: n, dir: tmp, maxRuns: runs,
		argv: []string{cue, "vet", "-c", "./" + cueDir}})
	return nil
}

// gitRepo makes a git repository in dir whose HEAD holds the files of base
// and whose working tree holds those of changed, as in a pull request.
func gitRepo(dir, base, changed string) error {
	if _, err := exec.LookPath("git"); err != nil {
		return errors.New("bench: git is needed for the diff --base rows")
	}
	if err := copyDir(base, dir); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "-A"},
		{"-c", "user.name=bench", "-c", "user.email=bench@amlc.invalid", "commit", "-q", "-m", "base"},
	} {
		if out, err := runIn(dir, "git", args...); err != nil {
			return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return copyDir(changed, dir)
}

// copyDir copies the files in src, and below it, into dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// sanityIdiom checks on a small idiomatic repository that amlc vet and the
// cue side both accept it, and both reject it with a misspelt field in
// the comprehension that generates the clusters: #Compute is closed.
func sanityIdiom(tmp, amlc, cue string, seed uint64) error {
	rp := generateIdiom(200, seed)
	good := filepath.Join(tmp, "sanity-idiom")
	if err := rp.write(good); err != nil {
		return err
	}
	if err := writeCUEDir(good, filepath.Join(tmp, "sanity-idiom-cue")); err != nil {
		return err
	}
	if out, err := runIn(tmp, cue, "export", "-e", "spec", "./sanity-idiom-cue"); err != nil {
		return fmt.Errorf("cue export of a valid idiomatic repository failed: %v\n%s", err, out)
	}
	if out, err := runIn(tmp, amlc, "vet", "./sanity-idiom"); err != nil {
		return fmt.Errorf("amlc vet of a valid idiomatic repository failed: %v\n%s", err, out)
	}
	for _, d := range []string{"sanity-idiom", "sanity-idiom-cue"} {
		p := filepath.Join(tmp, d, "clusters.cue")
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		bad := strings.Replace(string(data), "maxNodes:                pool.max", "maxNode:                 pool.max", 1)
		if bad == string(data) {
			return errors.New("bench: the idiomatic clusters.cue no longer sets maxNodes as sanityIdiom expects")
		}
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			return err
		}
	}
	if out, err := runIn(tmp, cue, "export", "-e", "spec", "./sanity-idiom-cue"); err == nil || !strings.Contains(string(out), "field not allowed") {
		return fmt.Errorf("cue export accepted an unknown field in the idiomatic repository\n%s", out)
	}
	if out, err := runIn(tmp, amlc, "vet", "./sanity-idiom"); err == nil || !strings.Contains(string(out), "maxNode") {
		return fmt.Errorf("amlc vet accepted an unknown field in the idiomatic repository\n%s", out)
	}
	return nil
}
