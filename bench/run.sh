#!/usr/bin/env bash
# Issue-2 benchmark: tools/call echo directly vs through the gateway, HTTP and stdio, c=1 and c=32, in one run.
# Usage: bash bench/run.sh [--quick] [any McpGateway.Bench option, see bench/README.md]
# Writes bench/results/latest.md (or --out FILE) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

build() {
  echo "[run.sh] dotnet build $1 -c Release" >&2
  dotnet build "$1" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
}
build src/McpGateway
build tests/servers/McpGateway.TestServer
build bench/McpGateway.Bench

# npm peers (server-everything etc.) for optional upstreams; installs only when missing or stale.
if command -v npm >/dev/null 2>&1; then
  bash tests/peers/install.sh >&2 || echo "[run.sh] warning: tests/peers/install.sh failed (not needed for the default run)" >&2
fi

dotnet bench/McpGateway.Bench/bin/Release/net10.0/McpGateway.Bench.dll --repo "$root" "$@"
