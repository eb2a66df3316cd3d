#!/usr/bin/env bash
# Runs every test of amlc: the Go tests (with the race detector) and the
# template checks that need the Bicep parser, which this script installs
# from the npm registry into tools/bicep-oracle/node_modules.
#
# The results go through tools/testreport, which lists every skipped test
# with its reason. When CI is set, a skipped test fails the run: in CI
# every check must run.
set -euo pipefail
cd "$(dirname "$0")/.."

# CI is set (and not 0 or false, ignoring case) on a CI run, as
# internal/testkit.InCI reads it.
ci=${CI:-}
case "${ci,,}" in
"" | 0 | false) ci= ;;
esac

if command -v npm >/dev/null 2>&1; then
	if [ ! -d tools/bicep-oracle/node_modules ] || [ tools/bicep-oracle/package-lock.json -nt tools/bicep-oracle/node_modules ]; then
		npm ci --prefix tools/bicep-oracle --no-audit --no-fund --loglevel=error >/dev/null
	fi
else
	echo "scripts/test.sh: npm not found; the Bicep parser checks will be skipped (CI requires them)" >&2
fi

# The race detector needs cgo (a C compiler). CI always has it; elsewhere
# the tests still run without it, with a word about it.
race=-race
if [ "$(go env CGO_ENABLED)" != "1" ]; then
	if [ -n "$ci" ]; then
		echo "scripts/test.sh: the race detector needs cgo (a C compiler), which CI must have" >&2
		exit 1
	fi
	echo "scripts/test.sh: no C compiler for cgo; running the tests without the race detector" >&2
	race=
fi


# Build the reporter first, so that its own build errors are not mistaken
# for the suite's.
report=$(mktemp -d)/testreport
trap 'rm -rf "$(dirname "$report")"' EXIT
go build -o "$report" ./tools/testreport
# The tests bound their own waits; -timeout is a backstop against a hang,
# set above go test's default of 10 minutes per package because the
# slowest package (cmd/amlc, which also compiles amlc) took longer than
# that under the race detector on a shared 2-core machine with a load
# average of 20.
go test $race -count=1 -timeout 20m -json ./... | "$report" ${ci:+-no-skip}
