#!/usr/bin/env bash
# Runs every test of amlc: the Go tests (with the race detector), the
# template checks that need the Bicep parser, which this script installs
# from the npm registry into tools/bicep-oracle/node_modules, and the checks
# that need the cue CLI, which it builds from the Go module proxy.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v npm >/dev/null 2>&1; then
	if [ ! -d tools/bicep-oracle/node_modules ] || [ tools/bicep-oracle/package-lock.json -nt tools/bicep-oracle/node_modules ]; then
		npm ci --prefix tools/bicep-oracle --no-audit --no-fund --loglevel=error >/dev/null
	fi
else
	echo "scripts/test.sh: npm not found; the Bicep parser checks will be skipped (CI requires them)" >&2
fi

# The cue CLI at the version of cuelang.org/go that go.mod pins, for the
# checks against the real cue tool (amlc schema with cue vet, cue fmt of the
# examples): built once from the Go module proxy into the user's cache.
# AMLC_CUE set beforehand (as .ci/run does) names one already built.
if [ -z "${AMLC_CUE:-}" ]; then
	cue_version=$(go list -m -f '{{.Version}}' cuelang.org/go)
	cue_dir="${XDG_CACHE_HOME:-$HOME/.cache}/amlc/cue-$cue_version"
	if [ ! -x "$cue_dir/cue" ] && ! GOBIN="$cue_dir" GOFLAGS= GOWORK=off go install "cuelang.org/go/cmd/cue@$cue_version"; then
		echo "scripts/test.sh: could not build the cue CLI; the checks against it will be skipped (CI requires them)" >&2
	fi
	if [ -x "$cue_dir/cue" ]; then
		export AMLC_CUE="$cue_dir/cue"
	fi
fi

# The race detector needs cgo (a C compiler). CI always has it; elsewhere
# the tests still run without it, with a word about it.
race=-race
if [ "$(go env CGO_ENABLED)" != "1" ]; then
	if [ -n "${CI:-}" ]; then
		echo "scripts/test.sh: the race detector needs cgo (a C compiler), which CI must have" >&2
		exit 1
	fi
	echo "scripts/test.sh: no C compiler for cgo; running the tests without the race detector" >&2
	race=
fi

go test $race -count=1 ./...
