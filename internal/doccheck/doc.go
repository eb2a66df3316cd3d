// Package doccheck holds the tests that keep the repository's own
// documentation true: every link in README.md and docs/ resolves inside the
// repository, the README's offline demo runs as written, every source tag
// the code cites is listed in docs/sources.md, and no tracked file depends
// on anything beside the repository. It has no code of its own.
package doccheck
