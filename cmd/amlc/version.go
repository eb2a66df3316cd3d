package main

import (
	"runtime/debug"
	"strings"
)

// version is set by release builds (.goreleaser.yaml) with
// -ldflags "-X main.version=vX.Y.Z"; other builds leave it empty and take
// the version from the build information the go command records.
var version string

// versionInfo is what `amlc version` reports.
type versionInfo struct {
	// Version is the release (v1.2.3), the module version `go install
	// …@version` fetched, or the pseudo-version the go command derives
	// from the checkout's commit (v0.0.0-20261207211530-4bbe091a2b3c,
	// +dirty when modified); "dev" when none is known.
	Version string
	// Revision, Time and Modified are the commit the binary was built
	// from, when the go command stamped it (a build inside a git checkout,
	// unless -buildvcs=false).
	Revision string
	Time     string
	Modified bool
}

// buildVersion reads amlc's version from the binary.
func buildVersion() versionInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return versionFrom(version, info)
}

// versionFrom works out the version from the release stamp and the build
// information (nil when there is none).
func versionFrom(stamp string, info *debug.BuildInfo) versionInfo {
	var v versionInfo
	if info != nil {
		if mv := info.Main.Version; mv != "" && mv != "(devel)" {
			v.Version = mv
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	switch {
	case stamp != "":
		v.Version = stamp
	case v.Version == "" && v.Revision != "":
		// An older go command, or a build that records the commit but
		// not a module version.
		v.Version = "devel-" + shortRevision(v.Revision)
		if v.Modified {
			v.Version += "+dirty"
		}
	case v.Version == "":
		v.Version = "dev"
	}
	return v
}

// String is the version, with the commit when it is known: "v1.2.3" or
// "v0.0.0-20261207211530-4bbe091a2b3c (revision 4bbe091a2b3c…, 2026-12-07T21:15:30Z)".
func (v versionInfo) String() string {
	if v.Version == "dev" && v.Revision == "" {
		return "dev (built without version information: -buildvcs=false, or outside a git checkout)"
	}
	if v.Revision == "" {
		return v.Version
	}
	details := []string{"revision " + v.Revision}
	if v.Time != "" {
		details = append(details, v.Time)
	}
	if v.Modified {
		details = append(details, "modified")
	}
	return v.Version + " (" + strings.Join(details, ", ") + ")"
}

// shortRevision is the first 12 characters of a revision, as pseudo-versions
// abbreviate it.
func shortRevision(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
