// Issue-3 benchmark: MCP tools/call echo through the gateway's MCP front door (/mcp/{template}) vs directly against the
// same stdio server vs through supergateway (stdio → Streamable HTTP) fronting the same server, c=1 and c=32, one run.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Bench;
using ModelContextProtocol.Client;

var upstreams = new List<string> { "testserver", "everything" };
int rounds = 3, warmup = 300, statelessCalls = 10;
double seconds = 2;
int[] concurrency = [1, 32];
string? repo = null, output = null;
var gatewayEnv = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--upstream": upstreams = Next().Split(',').ToList(); break;
        case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--stateless-calls": statelessCalls = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--concurrency": concurrency = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--gateway-env": var pair = Next(); gatewayEnv[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..]; break;
        case "--quick": rounds = 1; seconds = 1; warmup = 100; statelessCalls = 3; break;
        case "--repo": repo = Path.GetFullPath(Next()); break;
        case "--out": output = Path.GetFullPath(Next()); break;
        default:
            Console.Error.WriteLine("usage: McpGateway.Bench.FrontDoor [--upstream testserver,everything] [--rounds N] [--seconds S] [--warmup N]\n" +
                "                                   [--concurrency 1,32] [--stateless-calls N] [--quick] [--repo DIR] [--out FILE.md]\n" +
                "                                   [--gateway-env NAME=VALUE]... (extra environment of the gateway process)");
            return 2;
    }
}
repo ??= FrontDoor.FindRepoRoot();
output ??= Path.Combine(repo, "bench", "results", "front-door.md");
try
{
    var report = await FrontDoor.RunAsync(repo, upstreams, rounds, TimeSpan.FromSeconds(seconds), warmup, concurrency, statelessCalls, args, gatewayEnv);
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllTextAsync(output, report);
    Console.WriteLine(report);
    Console.Error.WriteLine($"[front-door] wrote {output}");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"[front-door] failed: {e}");
    return 1;
}

/// <summary>Sums the gateway's <c>X-Response-Time</c> (its first middleware, until the response starts) over the POSTs of one SDK client.</summary>
internal sealed class ResponseTimeHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private long _count;
    private double _sumMs;

    public (long Count, double SumMs) Snapshot()
    {
        lock (this)
        {
            return (_count, _sumMs);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Method == HttpMethod.Post && ResponseTime.Parse(response) is var ms && !double.IsNaN(ms))
        {
            lock (this)
            {
                _count++;
                _sumMs += ms;
            }
        }
        return response;
    }
}

/// <summary>MCP <c>ping</c> on a 2025 session of the front door: answered by the gateway itself (no upstream), a floor for the hop.</summary>
internal sealed class PingCaller(McpClient client) : ICaller
{
    public string Name => "gw-ping";

    public async ValueTask<double> CallAsync(CancellationToken cancellationToken)
    {
        await client.PingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return double.NaN;
    }
}

internal static class FrontDoor
{
    private const string Message = "hello from the benchmark";
    private const double TargetFactor = 5.0;
    private const string FloorName = "floor: raw .NET pass-through, 2025-11-25 (bench/RawPassThrough; no SDK, no routing — not a product)";

    private static string RawPassThroughDll(string repo)
        => Path.Combine(repo, "bench", "RawPassThrough", "bin", "Release", "net10.0", "McpGateway.Bench.RawPassThrough.dll");
    private static void Log(string text) => Console.Error.WriteLine($"[front-door {DateTime.Now:HH:mm:ss}] {text}");
    private static string F(double v, string f = "0.000") => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString(f, CultureInfo.InvariantCulture);

    private sealed record PathDef(string Name, ICaller Caller, int MiddlePid, ResponseTimeHandler? Timing = null);

    public static async Task<string> RunAsync(string repo, List<string> upstreams, int rounds, TimeSpan duration, int warmup, int[] concurrency, int statelessCalls, string[] args,
        Dictionary<string, string> gatewayEnv)
    {
        var started = DateTimeOffset.UtcNow;
        var loadStart = LoadAverage();
        var sb = new StringBuilder();
        var body = new StringBuilder();
        var supergatewayJs = Path.Combine(repo, "tests", "peers", "node_modules", "supergateway", "dist", "index.js");
        if (!File.Exists(supergatewayJs))
        {
            throw new FileNotFoundException($"{supergatewayJs} is missing; run bash tests/peers/install.sh");
        }
        using var gateway = await GatewayHost.StartAsync(repo, extraEnv: gatewayEnv);
        Log($"gateway pid {gateway.Process.Id} on {gateway.Uri}");
        var verdicts = new List<string>();
        var protocols = new List<string>();

        foreach (var key in upstreams)
        {
            var spec = UpstreamSpec.For(key, repo, 0);
            var expected = spec.EchoText(Message);
            var template = "fd-" + key;
            await gateway.RegisterAsync(new JsonObject
            {
                ["template"] = template,
                ["id"] = template + "-1",
                ["command"] = spec.StdioCommand,
                ["args"] = new JsonArray(spec.StdioArgs.Append("--id").Append("fd-gateway-child").Select(a => (JsonNode)a).ToArray()),
                // One child, like supergateway's stateful session and the direct path (the pool would otherwise start 2 and grow under c=32).
                ["min_workers"] = 1,
                ["max_workers"] = 1,
            });

            // supergateway 4.0.0, stateful: one child per MCP session, like the gateway's one shared child per instance.
            var sgPort = Ports.Free();
            var stdioCmd = string.Join(' ', new[] { spec.StdioCommand }.Concat(spec.StdioArgs).Append("--id").Append("fd-supergateway-child"));
            using var supergateway = ChildProcess.Start("node", [supergatewayJs, "--stdio", stdioCmd, "--outputTransport", "streamableHttp",
                "--port", sgPort.ToString(), "--stateful", "--logLevel", "none"], null, repo);
            await Ports.WaitUntilListeningAsync(sgPort, TimeSpan.FromSeconds(30), supergateway);
            // Stateless supergateway (its default) spawns a child per POST: measured on a few calls at c=1 only, as a reference.
            var sgStatelessPort = Ports.Free();
            using var supergatewayStateless = ChildProcess.Start("node", [supergatewayJs, "--stdio", stdioCmd, "--outputTransport", "streamableHttp",
                "--port", sgStatelessPort.ToString(), "--logLevel", "none"], null, repo);
            await Ports.WaitUntilListeningAsync(sgStatelessPort, TimeSpan.FromSeconds(30), supergatewayStateless);
            Log($"{key}: supergateway stateful pid {supergateway.Id} on {sgPort}, stateless pid {supergatewayStateless.Id} on {sgStatelessPort}");
            // The floor: the thinnest .NET pass-through (no SDK, no routing) in front of its own child of the same server.
            var rawPort = Ports.Free();
            using var raw = ChildProcess.Start("dotnet", [RawPassThroughDll(repo), rawPort.ToString(CultureInfo.InvariantCulture), spec.StdioCommand,
                .. spec.StdioArgs, "--id", "fd-raw-child"], null, repo);
            await Ports.WaitUntilListeningAsync(rawPort, TimeSpan.FromSeconds(30), raw);

            await using var direct = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = spec.StdioCommand,
                Arguments = [.. spec.StdioArgs, "--id", "fd-direct-child"],
                WorkingDirectory = repo,
                Name = "direct",
            }));
            static HttpClientTransport Http(Uri endpoint, string name, ResponseTimeHandler timing) => new(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                Name = name,
            }, new HttpClient(timing), ownsHttpClient: true);
            var frontDoor = new Uri(gateway.Uri, $"/mcp/{template}");
            var timing2025 = new ResponseTimeHandler();
            var timing2026 = new ResponseTimeHandler();
            await using var gw2025 = await McpClient.CreateAsync(Http(frontDoor, "gw-2025", timing2025), new McpClientOptions { ProtocolVersion = "2025-11-25" });
            await using var gw2026 = await McpClient.CreateAsync(Http(frontDoor, "gw-2026", timing2026), new McpClientOptions());
            var sgUri = new Uri($"http://127.0.0.1:{sgPort}/mcp");
            var sw = Stopwatch.StartNew();
            await using var sg = await ConnectSupergatewayAsync(sgUri, "sg");
            var sgConnect = sw.Elapsed;
            await using var rawClient = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri($"http://127.0.0.1:{rawPort}/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                Name = "raw",
            }), new McpClientOptions { ProtocolVersion = "2025-11-25" });
            protocols.Add($"{key}: direct stdio {direct.NegotiatedProtocolVersion}, gateway session client {gw2025.NegotiatedProtocolVersion}, gateway default client {gw2026.NegotiatedProtocolVersion}, supergateway {sg.NegotiatedProtocolVersion} (connect {sgConnect.TotalMilliseconds:0} ms)");
            Log(protocols[^1]);

            var paths = new List<PathDef>
            {
                new("direct stdio (SDK StdioClientTransport)", new DirectMcpCaller("direct", direct, Message, expected), 0),
                new("gateway /mcp/{t}, 2025-11-25 session", new DirectMcpCaller("gw-2025", gw2025, Message, expected), gateway.Process.Id, timing2025),
                new("gateway /mcp/{t}, 2026-07-28 (SDK default)", new DirectMcpCaller("gw-2026", gw2026, Message, expected), gateway.Process.Id, timing2026),
                new("supergateway --stateful", new DirectMcpCaller("sg", sg, Message, expected), supergateway.Id),
                new(FloorName, new DirectMcpCaller("raw", rawClient, Message, expected), raw.Id),
            };
            Log($"{key}: warm-up {warmup} calls per path and concurrency");
            foreach (var c in concurrency)
            {
                foreach (var p in paths)
                {
                    await Load.CountAsync(p.Caller, c, warmup, CancellationToken.None);
                }
            }
            var samples = paths.ToDictionary(p => p, _ => concurrency.ToDictionary(c => c, _ => new Sample()));
            var xrt = paths.ToDictionary(p => p, _ => concurrency.ToDictionary(c => c, _ => (Count: 0L, SumMs: 0.0)));
            var ping = new PingCaller(gw2025);
            await Load.CountAsync(ping, 1, warmup, CancellationToken.None);
            var pingSample = new Sample();
            var middleCpu = paths.ToDictionary(p => p, _ => concurrency.ToDictionary(c => c, _ => (Cpu: 0.0, Calls: 0)));
            var roundAdded = paths.ToDictionary(p => p, _ => concurrency.ToDictionary(c => c, _ => new List<double>()));
            for (var round = 0; round <= rounds; round++)
            {
                var warm = round == 0;
                foreach (var c in concurrency)
                {
                    // Rotate the order every round so drift on the shared machine hits all paths alike.
                    var order = paths.Skip(round % paths.Count).Concat(paths.Take(round % paths.Count)).ToList();
                    var roundSamples = new Dictionary<PathDef, Sample>();
                    foreach (var p in order)
                    {
                        var cpu0 = ProcFs.CpuSeconds(p.MiddlePid);
                        var x0 = p.Timing?.Snapshot() ?? default;
                        var s = await Load.ForDurationAsync(p.Caller, c, warm ? TimeSpan.FromSeconds(1) : duration, CancellationToken.None);
                        var cpu1 = ProcFs.CpuSeconds(p.MiddlePid);
                        var x1 = p.Timing?.Snapshot() ?? default;
                        roundSamples[p] = s;
                        if (!warm)
                        {
                            samples[p][c].Add(s);
                            var xv = xrt[p][c];
                            xrt[p][c] = (xv.Count + x1.Count - x0.Count, xv.SumMs + x1.SumMs - x0.SumMs);
                            if (cpu0 is { } a && cpu1 is { } b)
                            {
                                var m = middleCpu[p][c];
                                middleCpu[p][c] = (m.Cpu + b - a, m.Calls + s.Calls);
                            }
                        }
                    }
                    var directP50 = roundSamples[paths[0]].Summarize().P50;
                    foreach (var p in paths.Skip(1))
                    {
                        if (!warm)
                        {
                            roundAdded[p][c].Add(roundSamples[p].Summarize().P50 - directP50);
                        }
                    }
                    if (c == 1)
                    {
                        var ps = await Load.ForDurationAsync(ping, 1, TimeSpan.FromSeconds(warm ? 0.5 : Math.Min(1, duration.TotalSeconds)), CancellationToken.None);
                        if (!warm)
                        {
                            pingSample.Add(ps);
                        }
                    }
                    Log($"{key} round {round}{(warm ? " (warm-up, discarded)" : "")} c={c}: " + string.Join(", ", paths.Select(p => $"{p.Caller.Name} p50 {roundSamples[p].Summarize().P50:0.000}")));
                }
            }

            // Stateless supergateway: a handful of sequential calls (each spawns and initializes a child).
            var stateless = new Sample();
            string statelessNote;
            try
            {
                await using var sgs = await ConnectSupergatewayAsync(new Uri($"http://127.0.0.1:{sgStatelessPort}/mcp"), "sg-stateless");
                var caller = new DirectMcpCaller("sg-stateless", sgs, Message, expected);
                await caller.CallAsync(CancellationToken.None);
                var t = Stopwatch.StartNew();
                for (var n = 0; n < statelessCalls; n++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await caller.CallAsync(CancellationToken.None);
                    stateless.LatenciesMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                stateless.ElapsedSeconds = t.Elapsed.TotalSeconds;
                statelessNote = "";
            }
            catch (Exception e)
            {
                statelessNote = $"failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}";
            }

            body.AppendLine($"## Upstream: {spec.Description}, over stdio");
            body.AppendLine();
            body.AppendLine("| c | path | calls | p50 ms | p90 ms | p99 ms | mean ms | calls/s | added p50 ms (vs direct) | added p50 per round (min–max) | middle process CPU µs/call |");
            body.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
            foreach (var c in concurrency)
            {
                var d = samples[paths[0]][c].Summarize();
                foreach (var p in paths)
                {
                    var s = samples[p][c].Summarize();
                    var ra = roundAdded[p][c];
                    var cpu = middleCpu[p][c];
                    body.AppendLine($"| {c} | {p.Name} | {s.Count} | {F(s.P50)} | {F(s.P90)} | {F(s.P99)} | {F(s.Mean)} | {F(s.CallsPerSecond, "0")} | " +
                        $"{(p == paths[0] ? "–" : F(s.P50 - d.P50))} | {(ra.Count == 0 ? "–" : $"{F(ra.Min())}–{F(ra.Max())}")} | {(p.MiddlePid == 0 || cpu.Calls == 0 ? "–" : F(cpu.Cpu * 1e6 / cpu.Calls, "0"))} |");
                }
            }
            if (stateless.Calls > 0)
            {
                var s = stateless.Summarize();
                body.AppendLine($"| 1 | supergateway stateless (default; a child per POST), {stateless.Calls} calls | {s.Count} | {F(s.P50)} | {F(s.P90)} | {F(s.P99)} | {F(s.Mean)} | {F(s.CallsPerSecond, "0.0")} | {F(s.P50 - samples[paths[0]][1].Summarize().P50)} | – | – |");
            }
            else if (statelessNote.Length > 0)
            {
                body.AppendLine();
                body.AppendLine($"supergateway stateless: {statelessNote}");
            }
            if (pingSample.Calls > 0)
            {
                var ps = pingSample.Summarize();
                body.AppendLine($"| 1 | gateway /mcp/{{t}} `ping`, 2025-11-25 session (answered by the gateway, no upstream: floor of SDK HTTP client + hop + session lookup) | {ps.Count} | {F(ps.P50)} | {F(ps.P90)} | {F(ps.P99)} | {F(ps.Mean)} | {F(ps.CallsPerSecond, "0")} | – | – | – |");
            }
            body.AppendLine();
            body.AppendLine("Where the gateway's time goes (means, ms; `X-Response-Time` is the gateway's own time from its first middleware until the response starts, upstream call included; the rest of the through-gateway mean is the SDK HTTP client, the loopback hop and Kestrel):");
            body.AppendLine();
            body.AppendLine("| c | path | e2e mean | X-Response-Time mean | outside the gateway (e2e − X-RT) | inside the gateway, minus the direct stdio call (X-RT − direct mean) |");
            body.AppendLine("|---:|---|---:|---:|---:|---:|");
            foreach (var c in concurrency)
            {
                var dm = samples[paths[0]][c].Summarize().Mean;
                foreach (var p in paths.Where(p => p.Timing is not null))
                {
                    var m = samples[p][c].Summarize().Mean;
                    var (n, sum) = xrt[p][c];
                    var x = n == 0 ? double.NaN : sum / n;
                    body.AppendLine($"| {c} | {p.Name} | {F(m)} | {F(x)} | {F(m - x)} | {F(x - dm)} |");
                }
            }
            body.AppendLine();
            body.AppendLine($"Target: the gateway adds ≥ {TargetFactor:0}× less p50 latency than supergateway (stateful) over the same stdio server (added = path p50 − direct p50).");
            body.AppendLine();
            body.AppendLine("| c | gateway client | gateway added p50 ms | supergateway added p50 ms | factor (supergateway / gateway) | verdict |");
            body.AppendLine("|---:|---|---:|---:|---:|---|");
            foreach (var c in concurrency)
            {
                var d = samples[paths[0]][c].Summarize().P50;
                var sgAdded = samples[paths[3]][c].Summarize().P50 - d;
                foreach (var p in paths.Skip(1).Take(2))
                {
                    var gwAdded = samples[p][c].Summarize().P50 - d;
                    var factor = gwAdded <= 0 ? double.PositiveInfinity : sgAdded / gwAdded;
                    var met = factor >= TargetFactor;
                    var verdict = met ? "**met**" : "**missed**";
                    body.AppendLine($"| {c} | {p.Name} | {F(gwAdded)} | {F(sgAdded)} | {(double.IsPositiveInfinity(factor) ? "∞ (gateway adds ≤ 0)" : F(factor, "0.0") + "×")} | {verdict} |");
                    verdicts.Add($"{key} c={c} {p.Name}: gateway +{F(gwAdded)} ms vs supergateway +{F(sgAdded)} ms → {(double.IsPositiveInfinity(factor) ? "∞" : F(factor, "0.0"))}× ({(met ? "met" : "missed")})");
                }
            }
            body.AppendLine();
            foreach (var c in concurrency)
            {
                var d = samples[paths[0]][c].Summarize().P50;
                var floorAdded = samples[paths[4]][c].Summarize().P50 - d;
                var sgAdded = samples[paths[3]][c].Summarize().P50 - d;
                body.AppendLine($"- c={c}: the floor (raw .NET pass-through) adds {F(floorAdded)} ms, i.e. a {F(sgAdded / floorAdded, "0.0")}× factor against supergateway; " +
                    $"the gateway's own cost above the floor is {F(samples[paths[1]][c].Summarize().P50 - d - floorAdded)} ms (2025 session) / {F(samples[paths[2]][c].Summarize().P50 - d - floorAdded)} ms (2026).");
            }
            body.AppendLine();
            await gateway.Http.DeleteAsync(new Uri(gateway.Uri, $"/gateway/instances/{template}-1"));
        }

        sb.AppendLine("# MCP front door benchmark (issue 3): gateway `/mcp/{template}` vs direct vs supergateway");
        sb.AppendLine();
        sb.AppendLine($"Run {started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s, `bash bench/McpFrontDoor/run.sh{(args.Length == 0 ? "" : " " + string.Join(' ', args))}`.");
        sb.AppendLine();
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, shared with other work; load average (1/5/15 min) at start {loadStart}, at end {LoadAverage()}.");
        sb.AppendLine($"- .NET {RuntimeInformation.FrameworkDescription}, ModelContextProtocol {System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(ModelContextProtocol.Client.McpClient).Assembly)?.InformationalVersion.Split('+')[0]} clients in one bench process; supergateway 4.0.0 on node {Node()}; gateway Release build, auth and rate limit off, loopback.");
        sb.AppendLine($"- Load: {warmup} warm-up calls per path and c, one discarded 1 s round, then {rounds} rounds × {duration.TotalSeconds:0.#} s per path and c, closed loop, path order rotated every round; pooled nearest-rank percentiles.");
        foreach (var p in protocols)
        {
            sb.AppendLine($"- Negotiated: {p}.");
        }
        sb.AppendLine();
        sb.Append(body);
        sb.AppendLine("## Verdicts");
        sb.AppendLine();
        foreach (var v in verdicts)
        {
            sb.AppendLine($"- {v}");
        }
        return sb.ToString();
    }

    /// <summary>supergateway's TS server takes 2025 sessions; an unpinned 2026 client would probe server/discover first.</summary>
    private static async Task<McpClient> ConnectSupergatewayAsync(Uri endpoint, string name)
    {
        Exception? last = null;
        foreach (var version in new[] { "2025-11-25", "2025-06-18", "2025-03-26" })
        {
            try
            {
                return await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
                {
                    Endpoint = endpoint,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    Name = name,
                }), new McpClientOptions { ProtocolVersion = version });
            }
            catch (Exception e)
            {
                last = e;
            }
        }
        throw new InvalidOperationException($"cannot connect to supergateway at {endpoint}", last);
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Node()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var v = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return v;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    public static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "McpGateway.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new ArgumentException("cannot find the repository root (McpGateway.slnx); pass --repo DIR");
    }
}
