using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Bench;
using ModelContextProtocol.Client;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message == "help" ? BenchOptions.Usage : e.Message + "\n" + BenchOptions.Usage);
    return 2;
}

try
{
    var report = await Bench.RunAsync(options);
    Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
    await File.WriteAllTextAsync(options.Output, report);
    Console.WriteLine(report);
    Console.Error.WriteLine($"[bench] wrote {options.Output}");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"[bench] failed: {e}");
    return 1;
}

namespace McpGateway.Bench
{
    internal static class Bench
    {
        private const string Message = "hello from the benchmark";
        private const string HttpTemplate = "bench-http";
        private const string StdioTemplate = "bench-stdio";

        private static void Log(string text) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {text}");

        public static async Task<string> RunAsync(BenchOptions o)
        {
            var started = DateTimeOffset.UtcNow;
            var gatewayDll = Path.Combine(o.RepoRoot, "src", "McpGateway", "bin", "Release", "net10.0", "McpGateway.dll");
            var serverDll = UpstreamSpec.TestServerDll(o.RepoRoot);
            var upstreamPort = Ports.Free();
            var spec = UpstreamSpec.For(o.Upstream, o.RepoRoot, upstreamPort);
            foreach (var dll in new[] { gatewayDll, spec.Key == "everything" ? UpstreamSpec.EverythingJs(o.RepoRoot) : serverDll })
            {
                if (!File.Exists(dll))
                {
                    throw new FileNotFoundException($"{dll} is missing; build Release first and install the npm peers (bash bench/run.sh does).");
                }
            }
            var ct = CancellationToken.None;
            var dataDir = Path.Combine(Path.GetTempPath(), "mcpgw-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dataDir);
            var memory = new List<(string When, string Process, double? MiB)>();

            // Upstream over Streamable HTTP on 127.0.0.1: our C# test server, or server-everything (--upstream everything).
            using var upstream = ChildProcess.Start(spec.HttpFile, spec.HttpArgs, spec.HttpEnv.ToDictionary(), o.RepoRoot);
            await Ports.WaitUntilListeningAsync(upstreamPort, TimeSpan.FromSeconds(30), upstream);
            var upstreamEndpoint = new Uri($"http://127.0.0.1:{upstreamPort}{spec.HttpPath}");
            Log($"upstream HTTP {spec.Key} pid {upstream.Id} on {upstreamEndpoint}");
            var expected = spec.EchoText(Message);

            // The published gateway, a separate process.
            var gatewayPort = Ports.Free();
            var gatewayEnv = new Dictionary<string, string>
            {
                ["MCP_GATEWAY_HOST"] = "127.0.0.1",
                ["MCP_GATEWAY_PORT"] = gatewayPort.ToString(),
                ["McpGateway__DataDirectory"] = dataDir,
                ["LOG_LEVEL"] = "warning",
                // Loopback only: the auth check is measured on its own in bench/Auth (about 1.5 µs with a cached key).
                ["McpGateway__Auth__Enabled"] = "false",
                // With auth off every caller is the anonymous admin, rate-limited like any key (100/min by default): 0 = off.
                ["McpGateway__Auth__RateLimitPerMinute"] = "0",
            };
            foreach (var (key, value) in o.GatewayEnv)
            {
                gatewayEnv[key] = value;
            }
            using var gateway = ChildProcess.Start("dotnet", [gatewayDll], gatewayEnv, o.RepoRoot);
            await Ports.WaitUntilListeningAsync(gatewayPort, TimeSpan.FromSeconds(30), gateway);
            var gatewayUri = new Uri($"http://127.0.0.1:{gatewayPort}");
            Log($"gateway pid {gateway.Id} on {gatewayUri}");

            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 64,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseCookies = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
            })
            { Timeout = TimeSpan.FromSeconds(60) };
            await WaitHealthyAsync(http, gatewayUri, gateway);
            memory.Add(("after start (no instances)", "gateway", ProcFs.RssMiB(gateway.Id)));

            await RegisterAsync(http, gatewayUri, new JsonObject { ["template"] = HttpTemplate, ["id"] = "http-1", ["endpoint"] = upstreamEndpoint.ToString() });
            await RegisterAsync(http, gatewayUri, new JsonObject
            {
                ["template"] = StdioTemplate,
                ["id"] = "stdio-1",
                ["command"] = spec.StdioCommand,
                ["args"] = new JsonArray(spec.StdioArgs.Append("--id").Append("bench-gw-stdio").Select(a => (JsonNode)a).ToArray()),
            });

            // Direct clients: the official SDK McpClient, unpinned protocol version like the gateway's upstream clients.
            var sw = Stopwatch.StartNew();
            await using var directHttp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = upstreamEndpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                Name = "bench-direct-http",
            }), new McpClientOptions(), cancellationToken: ct);
            var directHttpConnect = sw.Elapsed;
            sw.Restart();
            await using var directStdio = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = spec.StdioCommand,
                Arguments = [.. spec.StdioArgs, "--id", "bench-direct-stdio"],
                WorkingDirectory = o.RepoRoot,
                Name = "bench-direct-stdio",
            }), new McpClientOptions(), cancellationToken: ct);
            var directStdioConnect = sw.Elapsed;

            ICaller directHttpCaller = new DirectMcpCaller("direct MCP (Streamable HTTP)", directHttp, Message, expected);
            ICaller gatewayHttpCaller = new GatewayRestCaller("gateway REST → HTTP upstream", http, gatewayUri, HttpTemplate, Message, expected);
            ICaller directStdioCaller = new DirectMcpCaller("direct MCP (stdio)", directStdio, Message, expected);
            ICaller gatewayStdioCaller = new GatewayRestCaller("gateway REST → stdio upstream", http, gatewayUri, StdioTemplate, Message, expected);
            var pairs = o.Concurrency.Select(c => new Pair("HTTP", c, directHttpCaller, gatewayHttpCaller))
                .Concat(o.Concurrency.Select(c => new Pair("stdio", c, directStdioCaller, gatewayStdioCaller)))
                .ToList();
            var noop = new GatewayNoopCaller(http, gatewayUri);

            // First gateway call per template: connects (HTTP) or spawns + initializes (stdio) the upstream session.
            sw.Restart();
            await gatewayHttpCaller.CallAsync(ct);
            var firstHttp = sw.Elapsed;
            sw.Restart();
            await gatewayStdioCaller.CallAsync(ct);
            var firstStdio = sw.Elapsed;
            var gatewayStdioChild = ProcFs.Children(gateway.Id, spec.ProcessMarker).FirstOrDefault();
            var directStdioChild = ProcFs.Children(Environment.ProcessId, "bench-direct-stdio").FirstOrDefault();
            memory.Add(("after registration + first call", "gateway", ProcFs.RssMiB(gateway.Id)));

            Log($"warm-up: {o.WarmupCalls} calls per path at each concurrency");
            ICaller[] callers = [directHttpCaller, gatewayHttpCaller, directStdioCaller, gatewayStdioCaller, noop];
            foreach (var c in o.Concurrency)
            {
                foreach (var caller in callers)
                {
                    await Load.CountAsync(caller, c, o.WarmupCalls, ct);
                }
            }
            memory.Add(("after warm-up", "gateway", ProcFs.RssMiB(gateway.Id)));
            memory.Add(("after warm-up", $"upstream HTTP {spec.Key}", ProcFs.RssMiB(upstream.Id)));
            memory.Add(("after warm-up", $"upstream stdio {spec.Key} (gateway's child)", gatewayStdioChild == 0 ? null : ProcFs.RssMiB(gatewayStdioChild)));
            memory.Add(("after warm-up", $"upstream stdio {spec.Key} (direct client's child)", directStdioChild == 0 ? null : ProcFs.RssMiB(directStdioChild)));

            Dictionary<string, int> Roles(Pair pair, bool viaGateway)
            {
                var roles = new Dictionary<string, int> { ["client"] = Environment.ProcessId };
                if (viaGateway)
                {
                    roles["gateway"] = gateway.Id;
                }
                roles["upstream"] = pair.Transport == "HTTP" ? upstream.Id : viaGateway ? gatewayStdioChild : directStdioChild;
                return roles;
            }

            // Measurement: rounds outermost, scenarios inside, direct/gateway order alternating per round.
            var results = pairs.ToDictionary(p => p, _ => new PairResult());
            var noopSample = new Sample();
            // Round 0 is a discarded warm-up round (tier-1 JIT in all three processes, connection pools at full size).
            for (var round = 0; round <= o.Rounds; round++)
            {
                var warm = round == 0;
                var duration = warm ? TimeSpan.FromSeconds(Math.Min(2, o.RoundDuration.TotalSeconds)) : o.RoundDuration;
                foreach (var pair in pairs)
                {
                    var result = results[pair];
                    var order = round % 2 == 0 ? new[] { pair.Direct, pair.Gateway } : [pair.Gateway, pair.Direct];
                    Sample? d = null, g = null;
                    foreach (var caller in order)
                    {
                        var before = caller == pair.Gateway ? await RouterCountersAsync(http, gatewayUri) : default;
                        var roles = Roles(pair, caller == pair.Gateway);
                        var cpuBefore = roles.ToDictionary(kv => kv.Key, kv => ProcFs.CpuSeconds(kv.Value));
                        var sample = await Load.ForDurationAsync(caller, pair.Concurrency, duration, ct);
                        foreach (var (role, pid) in roles)
                        {
                            if (cpuBefore[role] is { } b && ProcFs.CpuSeconds(pid) is { } a)
                            {
                                sample.CpuSeconds[role] = a - b;
                            }
                        }
                        if (caller == pair.Gateway)
                        {
                            var after = await RouterCountersAsync(http, gatewayUri);
                            var n = after.Requests - before.Requests;
                            if (n > 0 && !warm)
                            {
                                result.RouterMeanMs.Add((after.AverageMs * after.Requests - before.AverageMs * before.Requests) / n);
                                result.RouterCalls.Add(n);
                                result.RouterMeanErrorMs = Math.Max(result.RouterMeanErrorMs, 0.0005 * (after.Requests + before.Requests) / n);
                            }
                            g = sample;
                        }
                        else
                        {
                            d = sample;
                        }
                    }
                    if (warm)
                    {
                        Log($"warm-up round {pair.Transport} c={pair.Concurrency}: direct p50 {d!.Summarize().P50:0.000} ms, gateway p50 {g!.Summarize().P50:0.000} ms (discarded)");
                        continue;
                    }
                    result.Direct.Add(d!);
                    result.Gateway.Add(g!);
                    var dp50 = d!.Summarize().P50;
                    var gp50 = g!.Summarize().P50;
                    result.RoundRatios.Add(gp50 / dp50);
                    result.RoundAdded.Add(gp50 - dp50);
                    Log($"round {round}/{o.Rounds} {pair.Transport} c={pair.Concurrency}: direct p50 {dp50:0.000} ms ({d.CallsPerSecond:0}/s), gateway p50 {gp50:0.000} ms ({g.CallsPerSecond:0}/s); gateway mean {g.Summarize().Mean:0.000}, X-RT mean {g.SummarizeInner()?.Mean:0.000}, router mean {(result.RouterMeanMs.Count > 0 ? result.RouterMeanMs[^1] : double.NaN):0.000} ms");
                }
                var noopRun = await Load.ForDurationAsync(noop, 1, TimeSpan.FromSeconds(Math.Min(1, o.RoundDuration.TotalSeconds / 2)), ct);
                if (!warm)
                {
                    noopSample.Add(noopRun);
                }
            }

            var stats = await http.GetFromJsonAsync<JsonObject>(new Uri(gatewayUri, "/gateway/stats"), ct);
            memory.Add(("after the load", "gateway", ProcFs.RssMiB(gateway.Id)));
            Log($"idle {o.IdleWait.TotalSeconds:0} s for the idle memory reading");
            await Task.Delay(o.IdleWait, ct);
            memory.Add(($"after the load + {o.IdleWait.TotalSeconds:0} s idle", "gateway", ProcFs.RssMiB(gateway.Id)));
            memory.Add(($"after the load + {o.IdleWait.TotalSeconds:0} s idle", $"upstream HTTP {spec.Key}", ProcFs.RssMiB(upstream.Id)));
            memory.Add(($"after the load + {o.IdleWait.TotalSeconds:0} s idle", $"upstream stdio {spec.Key} (gateway's child)", gatewayStdioChild == 0 ? null : ProcFs.RssMiB(gatewayStdioChild)));

            var context = new ReportContext(o, started, DateTimeOffset.UtcNow, results, noopSample, memory, stats,
                directHttp.NegotiatedProtocolVersion, directStdio.NegotiatedProtocolVersion,
                directHttpConnect, directStdioConnect, firstHttp, firstStdio, GatewayGcMode(gatewayDll), spec.Description);
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
            return Report.Render(context);
        }

        private static async Task WaitHealthyAsync(HttpClient http, Uri gateway, ChildProcess process)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(gateway, "/gateway/health"));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"gateway did not become healthy:\n{process.Output}");
                }
                await Task.Delay(100);
            }
        }

        private static async Task RegisterAsync(HttpClient http, Uri gateway, JsonObject body)
        {
            using var response = await http.PostAsJsonAsync(new Uri(gateway, "/gateway/register"), body);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"register failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        /// <summary>The gateway's own router counters: total routed calls and their mean latency (upstream call as the gateway sees it).</summary>
        private static async Task<(long Requests, double AverageMs)> RouterCountersAsync(HttpClient http, Uri gateway)
        {
            var stats = await http.GetFromJsonAsync<JsonObject>(new Uri(gateway, "/gateway/stats"))
                ?? throw new InvalidOperationException("empty /gateway/stats");
            return (stats["requests"]!["total"]!.GetValue<long>(), stats["latency_ms"]!["average"]!.GetValue<double>());
        }

        private static string GatewayGcMode(string gatewayDll)
        {
            var config = Path.ChangeExtension(gatewayDll, ".runtimeconfig.json");
            try
            {
                var json = JsonNode.Parse(File.ReadAllText(config));
                var server = json?["runtimeOptions"]?["configProperties"]?["System.GC.Server"]?.GetValue<bool>() ?? false;
                var concurrent = json?["runtimeOptions"]?["configProperties"]?["System.GC.Concurrent"]?.GetValue<bool>() ?? true;
                return (server ? "server" : "workstation") + (concurrent ? ", concurrent" : ", non-concurrent");
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
            {
                return "unknown";
            }
        }
    }

    internal sealed record Pair(string Transport, int Concurrency, ICaller Direct, ICaller Gateway);

    internal sealed class PairResult
    {
        public Sample Direct { get; } = new();
        public Sample Gateway { get; } = new();
        public List<double> RoundRatios { get; } = [];
        public List<double> RoundAdded { get; } = [];
        public List<double> RouterMeanMs { get; } = [];
        public List<long> RouterCalls { get; } = [];

        /// <summary>Router mean over all measured gateway calls (rounds weighted by their call counts).</summary>
        public double RouterMean => RouterCalls.Count == 0 ? double.NaN
            : RouterMeanMs.Zip(RouterCalls, (m, n) => m * n).Sum() / RouterCalls.Sum();
        public double RouterMeanErrorMs { get; set; }
    }

    internal sealed record ReportContext(
        BenchOptions Options,
        DateTimeOffset Started,
        DateTimeOffset Finished,
        Dictionary<Pair, PairResult> Results,
        Sample Noop,
        List<(string When, string Process, double? MiB)> Memory,
        JsonObject? GatewayStats,
        string? DirectHttpProtocol,
        string? DirectStdioProtocol,
        TimeSpan DirectHttpConnect,
        TimeSpan DirectStdioConnect,
        TimeSpan GatewayFirstHttpCall,
        TimeSpan GatewayFirstStdioCall,
        string GatewayGc,
        string UpstreamDescription);
}
