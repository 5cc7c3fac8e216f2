#!/usr/bin/env bash
# Assembles the deployable Functions app folder (used by `func start` and by azd):
#   artifacts/functions/host.json, <function folders>/function.json, bin/McpGateway (self-contained linux-x64 publish).
# Usage: scripts/package-functions.sh [--local] [OUTPUT_DIR]
#   --local  also copies local.settings.json (for `func start`); never use it for a deployment package: it holds secrets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
local_settings=false
if [ "${1:-}" = "--local" ]; then
  local_settings=true
  shift
fi
out="${1:-$root/artifacts/functions}"
rm -rf "$out"
mkdir -p "$out/bin"
# Composite ReadyToRun: the app and the framework are precompiled as one version bubble, so the generic instantiations that
# cross assemblies (async state machines, collections and options over the gateway's types) are precompiled too instead of
# being JIT-compiled at every cold start (bench/ColdStart). Costs ~3 min of publish and ~30 MB; obj/.../R2R is cleared
# because crossgen reuses its outputs across composite and non-composite publishes (a mix crashes at start).
rm -rf "$root/src/McpGateway/obj/Release/net10.0/linux-x64/R2R"
dotnet publish "$root/src/McpGateway/McpGateway.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:InvariantGlobalization=true -p:FunctionsPackage=true \
  -o "$out/bin" --nologo -v quiet
cp "$root/host.json" "$out/host.json"
for dir in "$root"/functions/*/; do
  # Only the custom handler's function folders (functions/McpGateway.Functions, the isolated-worker app, has no function.json).
  [ -f "$dir/function.json" ] || continue
  name="$(basename "$dir")"
  mkdir -p "$out/$name"
  cp "$dir/function.json" "$out/$name/function.json"
done
if [ "$local_settings" = true ] && [ -f "$root/local.settings.json" ]; then
  cp "$root/local.settings.json" "$out/local.settings.json"
fi
echo "Functions app assembled in $out"
