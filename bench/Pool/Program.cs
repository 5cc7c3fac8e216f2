using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpGateway.Bench.Pool;
using McpGateway.Hosting;
using McpGateway.Pool;
using McpGateway.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

// Pool benchmark: the same echo workload through a direct stdio client, through a StdioProcessPool of 1, 2 and 4 processes,
// and through supergateway in stateful Streamable HTTP mode (one process per session). Usage:
//   dotnet run -c Release --project bench/Pool -- [--calls 2000] [--concurrency 8] [--server dotnet-test-server|everything]
var calls = Arg("--calls", 2000);
var concurrency = Arg("--concurrency", 8);
var root = FindRoot();
var serverKind = args.SkipWhile(a => a != "--server").Skip(1).FirstOrDefault() ?? "everything";
var peers = Path.Combine(root, "tests", "peers", "node_modules");
var (command, commandArgs) = serverKind == "everything"
    ? ("node", new[] { Path.Combine(peers, "@modelcontextprotocol", "server-everything", "dist", "index.js"), "stdio" })
    : ("dotnet", new[] { Path.Combine(root, "tests", "servers", "McpGateway.TestServer", "bin", "Release", "net10.0", "McpGateway.TestServer.dll"), "--stdio" });
var echo = new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "bench" } };

Console.WriteLine($"server: {serverKind}; {calls} tools/call echo per run, {concurrency} concurrent callers; {Environment.ProcessorCount} cores");
Console.WriteLine("| path | calls/s | p50 ms | p99 ms | errors |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");

// 1. Direct: one stdio client (one process) shared by all callers.
await using (var direct = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions { Command = command, Arguments = commandArgs })))
{
    await Warm(() => direct.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "warm" }).AsTask());
    Print("direct stdio client (1 process)", await Measurement.RunAsync(calls, concurrency,
        (_, _) => direct.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "bench" }).AsTask()));
}

// 2. Pools of 1, 2, 4 processes (min = max, so all are warm before measuring).
foreach (var size in new[] { 1, 2, 4 })
{
    var options = new PoolOptions { MinWorkers = size, MaxWorkers = size, MaxConcurrentCallsPerWorker = 64, ScaleUpThreshold = 64 };
    await using var pools = new StdioProcessPools(Options.Create(options), Options.Create(new GatewayOptions()), NullLoggerFactory.Instance, TimeProvider.System);
    var pool = pools.Create(new InstanceDefinition { Template = "bench", Id = "p" + size, Transport = InstanceTransports.Stdio, Command = command, Args = commandArgs });
    await pool.EnsureConnectedAsync(CancellationToken.None);
    while (pool.Snapshot().Processes < size)
    {
        await Task.Delay(50);
    }
    await Warm(() => pool.SendAsync("tools/call", echo, TimeSpan.FromSeconds(30), CancellationToken.None));
    Print($"StdioProcessPool, {size} process{(size > 1 ? "es" : "")}", await Measurement.RunAsync(calls, concurrency,
        (_, _) => pool.SendAsync("tools/call", echo, TimeSpan.FromSeconds(30), CancellationToken.None)));
}

// 3. supergateway --stateful: every session gets its own process; one session per caller, opened before measuring.
{
    var port = FreePort();
    var supergateway = Path.Combine(peers, ".bin", "supergateway");
    var stdioCommand = string.Join(' ', new[] { command }.Concat(commandArgs).Select(a => "'" + a + "'"));
    using var process = Process.Start(new ProcessStartInfo(supergateway)
    {
        ArgumentList = { "--stdio", stdioCommand, "--outputTransport", "streamableHttp", "--stateful", "--port", port.ToString(), "--logLevel", "none" },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        await WaitForPort(port);
        var opened = Stopwatch.StartNew();
        var clients = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"http://127.0.0.1:{port}/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }), new McpClientOptions { ProtocolVersion = "2025-06-18" })));
        var sessionSeconds = opened.Elapsed.TotalSeconds;
        await Warm(() => clients[0].CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "warm" }).AsTask());
        Print($"supergateway --stateful ({concurrency} sessions = {concurrency} processes; opening them took {sessionSeconds:0.00} s)",
            await Measurement.RunAsync(calls, concurrency, (caller, _) => clients[caller].CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "bench" }).AsTask()));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
    finally
    {
        process.Kill(entireProcessTree: true);
    }
}

static async Task Warm(Func<Task> call)
{
    for (var i = 0; i < 50; i++)
    {
        await call();
    }
}

static void Print(string path, (double CallsPerSecond, double P50, double P99, int Errors) r)
    => Console.WriteLine($"| {path} | {r.CallsPerSecond:0} | {r.P50:0.00} | {r.P99:0.00} | {r.Errors} |");

int Arg(string name, int fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return int.TryParse(value, out var n) ? n : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPort(int port)
{
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (true)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException) when (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "McpGateway.slnx")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run from inside the repository.");
}
