package schema

import (
	"crypto/sha256"
	"sync"

	"cuelang.org/go/cue/ast"
	"cuelang.org/go/cue/parser"

	"github.com/amlc-dev/amlc/internal/diag"
)

// Vet calls that share a Cache (the two sides of a diff) also share the
// syntax of the files whose content is the same on both sides: each such
// file is parsed once. Its syntax carries the name of the file it was
// parsed from, so positions in it name that file until Vet moves them to
// its own (loader.alias, moveDiags): findings, positions and the files
// read are the same as without sharing (TestSharedParse).

// parseEntry is a file's syntax, parsed once for every Vet that reads the
// same content the same way.
type parseEntry struct {
	once sync.Once
	// file is nil when the file did not parse: each Vet reports that
	// itself. src and notObject are those of parsed.
	file      *ast.File
	src       []byte
	notObject bool
}

// parseKey identifies how a file's content is parsed: its kind, the CUE
// language version of its module and the content.
func parseKey(kind, version string, src []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(version))
	h.Write([]byte{0})
	h.Write(src)
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// parse reads and parses one input, sharing the syntax with the other Vet
// calls of l.cache. It returns the name of the file whose syntax it took,
// when that is another's, and whether the syntax is shared (in the cache).
//
// Only what the plain path reads is shared, as it only reads it: CUE files
// outside a module, without file attributes, read without tags (cue/load,
// which reads the others, builds instances, and building an instance
// resolves the references in the syntax, which writes to it). A Vet whose
// configuration is not plain data loads again with syntax of its own
// (Options.ownSyntax); so the shared syntax is only ever read.
func (l *loader) parse(f inputFile, opts ...parser.Option) (*parsed, diag.Diagnostics, string, bool) {
	if l.cache == nil || f.stdin || f.kind != "cue" || f.module != "" {
		p, ds := parseFile(l.mem, f, opts...)
		return p, ds, "", false
	}
	src, ds := readSpec(l.mem, f)
	if ds != nil {
		return nil, ds, "", false
	}
	e := l.cache.parseEntry(parseKey(f.kind, l.langVers[f.module], src))
	var (
		mine   bool
		mineP  *parsed
		mineDs diag.Diagnostics
	)
	e.once.Do(func() {
		mine = true
		mineP, mineDs = parseSrc(f, src, opts...)
		if len(mineDs) == 0 && !hasFileAttribute(mineP) {
			e.file, e.src, e.notObject = mineP.file, mineP.src, mineP.notObject
		}
	})
	switch {
	case mine && e.file == nil:
		return mineP, mineDs, "", false // its findings, in this file
	case e.file == nil || !l.takeSyntax(e.file):
		p, ds := parseSrc(f, src, opts...)
		return p, ds, "", false
	case mine:
		return mineP, nil, "", true
	}
	p := &parsed{inputFile: f, file: e.file, src: e.src, notObject: e.notObject}
	owner := ""
	if e.file.Filename != f.path {
		owner = e.file.Filename
	}
	return p, nil, owner, true
}

// syntaxCache is the Cache that shares the syntax of files, or nil: none
// for the ways that go to CUE first.
func (o *Options) syntaxCache() *Cache {
	if o.ownSyntax || o.CUEOnly || o.rawUnify || len(o.Tags) > 0 {
		return nil
	}
	return o.Cache
}

// takeSyntax reports whether this Vet may use the syntax file: once, as
// one file of its own can stand for one shared file only.
func (l *loader) takeSyntax(file *ast.File) bool {
	l.taken.Lock()
	defer l.taken.Unlock()
	if l.takenFiles[file] {
		return false
	}
	if l.takenFiles == nil {
		l.takenFiles = map[*ast.File]bool{}
	}
	l.takenFiles[file] = true
	return true
}

// parseEntry returns the entry of a file's content, made on first need.
func (ca *Cache) parseEntry(key [sha256.Size]byte) *parseEntry {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if ca.parsed == nil {
		ca.parsed = map[[sha256.Size]byte]*parseEntry{}
	}
	e, ok := ca.parsed[key]
	if !ok {
		e = &parseEntry{}
		ca.parsed[key] = e
	}
	return e
}

// movedName is the name of a file in this Vet: alias moves the names of
// files whose syntax another Vet parsed.
func movedName(alias map[string]string, name string) string {
	if to, ok := alias[name]; ok {
		return to
	}
	return name
}
