#!/usr/bin/env bash
# Runs every test of amlc: the Go tests (with the race detector) and the
# template checks that need the Bicep parser, which this script installs
# from the npm registry into tools/bicep-oracle/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v npm >/dev/null 2>&1; then
	if [ ! -d tools/bicep-oracle/node_modules ] || [ tools/bicep-oracle/package-lock.json -nt tools/bicep-oracle/node_modules ]; then
		npm ci --prefix tools/bicep-oracle --no-audit --no-fund --loglevel=error >/dev/null
	fi
else
	echo "scripts/test.sh: npm not found; the Bicep parser checks will be skipped (CI requires them)" >&2
fi

go test -race -count=1 ./...
