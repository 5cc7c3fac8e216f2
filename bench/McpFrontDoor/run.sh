#!/usr/bin/env bash
# Issue-3 benchmark: MCP tools/call through the gateway's /mcp/{template} vs direct stdio vs supergateway, one run.
# Usage: bash bench/McpFrontDoor/run.sh [--quick] [--upstream testserver,everything] [...]; writes bench/results/front-door.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
for p in src/McpGateway tests/servers/McpGateway.TestServer bench/McpFrontDoor bench/RawPassThrough; do
  echo "[run.sh] dotnet build $p -c Release" >&2
  dotnet build "$p" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
done
bash tests/peers/install.sh >&2
dotnet bench/McpFrontDoor/bin/Release/net10.0/McpGateway.Bench.FrontDoor.dll --repo "$root" "$@"
