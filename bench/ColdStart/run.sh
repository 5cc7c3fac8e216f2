#!/usr/bin/env bash
# Issue-8 benchmark: cold start of the packaged gateway in custom-handler mode vs an empty ASP.NET Core app,
# both published self-contained + composite ReadyToRun for linux-x64 (as scripts/package-functions.sh does), in one run.
# Starts a private Azurite for the gateway's Table store. Usage: bash bench/ColdStart/run.sh [--runs N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'kill $azurite_pid 2>/dev/null || true; rm -rf "$work"' EXIT
bash "$root/scripts/package-functions.sh" "$work/gateway" >&2
# The baseline is published exactly like the gateway package (self-contained, composite ReadyToRun, invariant globalization).
rm -rf "$root/bench/ColdStart/EmptyApp/obj/Release/net10.0/linux-x64/R2R"
dotnet publish "$root/bench/ColdStart/EmptyApp/EmptyApp.csproj" -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:InvariantGlobalization=true -o "$work/empty/bin" --nologo -v quiet >&2
dotnet build "$root/bench/ColdStart/McpGateway.ColdStart" -c Release --nologo -v quiet >&2
bash "$root/tests/peers/install.sh" >&2
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
table_port=$(free_port); queue_port=$(free_port); blob_port=$(free_port)
"$root/tests/peers/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck --loose \
  --tableHost 127.0.0.1 --tablePort "$table_port" --queueHost 127.0.0.1 --queuePort "$queue_port" \
  --blobHost 127.0.0.1 --blobPort "$blob_port" >/dev/null 2>&1 &
azurite_pid=$!
for port in "$table_port" "$queue_port" "$blob_port"; do
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
done
key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1"
# The deployed function app always has a SignalR Service connection (infra/modules/functions.bicep; the local sample has
# one too), so the package runs as deployed: job events go to the service and the in-process hub is not mapped.
# Nothing is sent to it during a cold start; COLD_START_SIGNALR="" measures the in-process hub instead.
signalr="${COLD_START_SIGNALR-Endpoint=http://127.0.0.1;Port=8888;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;}"
dotnet "$root/bench/ColdStart/McpGateway.ColdStart/bin/Release/net10.0/McpGateway.ColdStart.dll" \
  --gateway "$work/gateway/bin/McpGateway" --empty "$work/empty/bin/EmptyApp" \
  --env "AzureWebJobsStorage=$conn" --env "LOG_LEVEL=warning" --env "JWT_SECRET=cold-start-benchmark-secret-0123456789" \
  --env "AzureSignalRConnectionString=$signalr" \
  --out "$root/bench/ColdStart/latest.md" "$@"
