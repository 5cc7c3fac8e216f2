#!/usr/bin/env bash
# Issue-5 benchmark: async jobs per second end to end (SQLite and Azurite tables + queue) and progress latency over SSE.
# Usage: bash bench/Jobs/run.sh [--quick] [--jobs N] [--modes sqlite,azurite] [...]; writes bench/results/jobs.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
for p in src/McpGateway tests/servers/McpGateway.TestServer bench/Jobs; do
  echo "[run.sh] dotnet build $p -c Release" >&2
  dotnet build "$p" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
done
bash tests/peers/install.sh >&2
dotnet bench/Jobs/bin/Release/net10.0/McpGateway.Bench.Jobs.dll --repo "$root" "$@"
