#!/usr/bin/env bash
# Installs the pinned npm peers (MCP servers, Azurite, conformance suite, node 22) from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
