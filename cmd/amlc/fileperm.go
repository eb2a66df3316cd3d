package main

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// Files amlc writes get the modes other tools give theirs: 0666 for a file
// and 0777 for a directory, less the user's umask (which the system
// applies when they are created), and a file that is replaced keeps the
// mode it had. os.CreateTemp and os.MkdirTemp create 0600 and 0700, which
// a rename through a temporary file would otherwise carry over. Nothing
// amlc writes holds a secret: templates take passwords as secure
// parameters, and plans show them as (sensitive) (SPEC.md §4).
const (
	fileMode os.FileMode = 0o666
	dirMode  os.FileMode = 0o777
)

// createTemp creates a new file in dir named prefix and a random suffix,
// for writing, with fileMode less the umask.
func createTemp(dir, prefix string) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(filepath.Join(dir, prefix+randomSuffix()), os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &fs.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// mkdirTemp creates a new directory in dir named prefix and a random
// suffix, with dirMode less the umask, and returns its path.
func mkdirTemp(dir, prefix string) (string, error) {
	for range 100 {
		name := filepath.Join(dir, prefix+randomSuffix())
		err := os.Mkdir(name, dirMode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return name, err
	}
	return "", &fs.PathError{Op: "mkdirtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

func randomSuffix() string { return strconv.FormatUint(rand.Uint64(), 36) }

// keepMode gives tmp the mode of the file it is about to replace, if that
// exists.
func keepMode(tmp, target string) error {
	fi, err := os.Stat(target)
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	return os.Chmod(tmp, fi.Mode().Perm())
}
