#!/usr/bin/env bash
# Installs the pinned npm peers (MCP servers, Azurite, conformance suite, inspector, supergateway, node 22)
# from package-lock.json. Safe to call concurrently: test fixtures of several test projects call it.
set -euo pipefail
cd "$(dirname "$0")"
exec 9>".install.lock"
flock 9
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
