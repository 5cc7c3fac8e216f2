// Follows one job on the gateway's SignalR hub with the real @microsoft/signalr client.
// Usage: node subscribe-job.mjs <gateway base URL> <job id>   (PEERS_DIR points at tests/peers)
// Prints one JSON line per event: {"event":"subscribed"} once SubscribeJob returned, then every jobEvent
// argument ({jobId, type, data}); exits 0 after the 'done' event, 1 on error.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.PEERS_DIR ?? ".", "package.json"));
const signalR = require("@microsoft/signalr");

const [baseUrl, jobId] = process.argv.slice(2);
if (!baseUrl || !jobId) {
  console.error("usage: node subscribe-job.mjs <gateway base URL> <job id>");
  process.exit(2);
}

const connection = new signalR.HubConnectionBuilder()
  .withUrl(new URL("/hubs/progress", baseUrl).toString(),
    process.env.GATEWAY_TOKEN ? { accessTokenFactory: () => process.env.GATEWAY_TOKEN } : {})
  .configureLogging(signalR.LogLevel.Warning)
  .build();

const finished = new Promise((resolve) => {
  connection.on("jobEvent", (message) => {
    console.log(JSON.stringify(message));
    if (message.type === "done") {
      resolve();
    }
  });
});

try {
  await connection.start();
  await connection.invoke("SubscribeJob", jobId);
  console.log(JSON.stringify({ event: "subscribed", transport: connection.connection?.transport?.constructor?.name ?? null }));
  await finished;
  await connection.stop();
  process.exit(0);
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exit(1);
}
