#!/usr/bin/env bash
# Installs the pinned npm peers (MCP servers, Azurite, conformance suite, inspector, supergateway, node 22)
# from package-lock.json. Safe to call concurrently: test fixtures of several test projects call it.
# Reinstalls when package-lock.json's content changed since the last install (a hash, not file times: a fresh checkout or
# a git worktree whose node_modules links to another checkout's must not reinstall). The lock sits beside the real
# node_modules, so every checkout sharing it waits for the same lock.
set -euo pipefail
cd "$(dirname "$0")"
modules="$(realpath -m node_modules)"
mkdir -p "$(dirname "$modules")"
exec 9>"$(dirname "$modules")/.install.lock"
flock 9
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$modules/.package-lock.json" ] || [ "$(cat "$modules/.installed-lock-sha256" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$modules/.installed-lock-sha256"
fi
