#!/usr/bin/env bash
# Issue-18 numbers for the isolated-worker Functions app under the real Functions host (/work/shared/functions-host):
#   cold start (host exec → first answered request) against empty isolated apps, warm REST tools/call latency (Functions host vs
#   standalone gateway vs direct), and async jobs (one call; a 100-call batch) on Azurite.
# Builds what it needs (Release), starts a private Azurite, writes bench/ColdStart/latest.md and bench/results/functions.md.
# Usage: bash bench/Functions/run.sh [--only all|coldstart|warm|jobs] [--runs N (cold starts per app, default 9)] [--quick]
#        [--r2r-variant (cold start: also the gateway app published ReadyToRun, an experiment)]
#        [--variant "LABEL=[DIR][;NAME=VALUE]..." (cold start: also the gateway app with these settings, an experiment)]
#        [--cold-out FILE.md (where the cold-start report goes; default bench/ColdStart/latest.md)]
#        [any option of McpGateway.Bench.Functions: --rounds N --seconds S --warmup N --async-runs N --batch-size N --max-parallel N ...]
# The host is found through FUNCTIONS_HOST_DIR (a folder with run-host.sh), else ../shared/functions-host beside the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
only=all
runs=9
rest=()
r2r=0
variants=()
cold_out=bench/ColdStart/latest.md
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --quick) runs=3; rest+=(--quick); shift ;;
    --r2r-variant) r2r=1; shift ;;
    --variant) variants+=(--gateway-variant "$2"); shift 2 ;;
    --cold-out) cold_out="$2"; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
case "$only" in all|coldstart|warm|jobs) ;; *) echo "--only takes all, coldstart, warm or jobs" >&2; exit 2 ;; esac
host_dir="${FUNCTIONS_HOST_DIR:-$root/../shared/functions-host}"
host_script="$host_dir/run-host.sh"
[ -f "$host_script" ] || { echo "no Functions host: $host_script is missing (set FUNCTIONS_HOST_DIR)" >&2; exit 2; }

work="$(mktemp -d)"
azurite_pid=""
cleanup() {
  if [ -n "$azurite_pid" ]; then kill "$azurite_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "[run.sh $(date +%H:%M:%S)] $*" >&2; }
build() { step "dotnet $*"; dotnet "$@" -c Release --nologo -v quiet -clp:ErrorsOnly >&2; }

build publish functions/McpGateway.Functions -o "$work/gateway"
if [ "$only" = all ] || [ "$only" = coldstart ]; then
  build publish bench/ColdStart/EmptyApp -o "$work/empty"
  build publish bench/ColdStart/EmptyDurableApp -o "$work/empty-durable"
  build build bench/ColdStart/McpGateway.ColdStart
  if [ "$r2r" = 1 ]; then
    build publish functions/McpGateway.Functions -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/gateway-r2r"
  fi
fi
if [ "$only" != coldstart ]; then
  build build src/McpGateway
  build build tests/servers/McpGateway.TestServer
  build build bench/Functions
fi
# Only when Azurite is missing: install.sh reinstalls (npm ci) when package-lock.json is newer than node_modules, and in a
# git worktree whose node_modules is a link to the main checkout's that would rebuild the shared folder under other runs.
[ -x tests/peers/node_modules/.bin/azurite ] || bash tests/peers/install.sh >&2

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
blob_port=$(free_port); queue_port=$(free_port); table_port=$(free_port)
mkdir -p "$work/azurite"
(cd "$work/azurite" && exec "$root/tests/peers/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry \
  --blobHost 127.0.0.1 --blobPort "$blob_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --tableHost 127.0.0.1 --tablePort "$table_port" >"$work/azurite.log" 2>&1) &
azurite_pid=$!
for port in "$blob_port" "$queue_port" "$table_port"; do
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
done
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src functions || echo ' (with uncommitted changes in src/ or functions/)')"
step "azurite pid $azurite_pid; commit $commit"

cold=()
[ "$r2r" = 0 ] || variants+=(--gateway-variant "ReadyToRun=$work/gateway-r2r")
if [ "$only" = all ] || [ "$only" = coldstart ]; then
  step "cold start: $runs runs per app"
  dotnet bench/ColdStart/McpGateway.ColdStart/bin/Release/net10.0/McpGateway.ColdStart.dll \
    --gateway-app "$work/gateway" --empty-app "$work/empty" --empty-durable-app "$work/empty-durable" \
    --host-script "$host_script" --runs "$runs" --commit "$commit" --out "$cold_out" "${variants[@]}"
  cold=(--cold-start "$cold_out")
fi
if [ "$only" != coldstart ]; then
  scenarios=warm,jobs
  [ "$only" = all ] || scenarios="$only"
  step "functions bench: $scenarios"
  dotnet bench/Functions/bin/Release/net10.0/McpGateway.Bench.Functions.dll --repo "$root" --app "$work/gateway" \
    --host-script "$host_script" --commit "$commit" --scenarios "$scenarios" "${cold[@]}" "${rest[@]}"
fi
