// Issue-5 benchmark: durable async jobs end to end (submit N async echo jobs via REST, wait until all are terminal)
// on SQLite (standalone) and on Azurite (tables + queue), and the latency of progress from the upstream to an SSE client.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Bench;
using ModelContextProtocol;
using ModelContextProtocol.Client;

var o = new JobsOptions();
try
{
    o = JobsOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message + "\n" + JobsOptions.Usage);
    return 2;
}
try
{
    var report = await JobsBench.RunAsync(o, args);
    Directory.CreateDirectory(Path.GetDirectoryName(o.Output)!);
    await File.WriteAllTextAsync(o.Output, report);
    Console.WriteLine(report);
    Console.Error.WriteLine($"[jobs] wrote {o.Output}");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"[jobs] failed: {e}");
    return 1;
}

internal sealed record JobsOptions
{
    public string Repo { get; init; } = "";
    public string Output { get; init; } = "";
    /// <summary>sqlite: data folder in the temp folder (disk); azurite: tables + queue; sqlite-tmpfs: SQLite in /dev/shm (no fsync cost; a diagnostic).</summary>
    public List<string> Modes { get; init; } = ["sqlite", "azurite", "sqlite-tmpfs"];
    public int Jobs { get; init; } = 1000;
    public int Rounds { get; init; } = 2;
    public int Submitters { get; init; } = 16;
    public int WarmupJobs { get; init; } = 100;
    public int ProgressRuns { get; init; } = 5;
    public int Steps { get; init; } = 20;
    public int DelayMs { get; init; } = 50;
    public Dictionary<string, string> GatewayEnv { get; init; } = [];

    public const string Usage = "usage: McpGateway.Bench.Jobs [--modes sqlite,azurite] [--jobs N] [--rounds N] [--submitters N] [--warmup N]\n" +
        "                            [--progress-runs N] [--steps N] [--delay-ms MS] [--gateway-env NAME=VALUE]... [--quick] [--repo DIR] [--out FILE.md]";

    public static JobsOptions Parse(string[] args)
    {
        var o = new JobsOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{arg} needs a number");
            switch (arg)
            {
                case "--modes": o = o with { Modes = Next().Split(',').ToList() }; break;
                case "--jobs": o = o with { Jobs = Math.Max(1, Int()) }; break;
                case "--rounds": o = o with { Rounds = Math.Max(1, Int()) }; break;
                case "--submitters": o = o with { Submitters = Math.Max(1, Int()) }; break;
                case "--warmup": o = o with { WarmupJobs = Int() }; break;
                case "--progress-runs": o = o with { ProgressRuns = Math.Max(1, Int()) }; break;
                case "--steps": o = o with { Steps = Math.Max(2, Int()) }; break;
                case "--delay-ms": o = o with { DelayMs = Int() }; break;
                case "--quick": o = o with { Jobs = 200, Rounds = 1, WarmupJobs = 30, ProgressRuns = 2, Steps = 10 }; break;
                case "--repo": o = o with { Repo = Path.GetFullPath(Next()) }; break;
                case "--out": o = o with { Output = Path.GetFullPath(Next()) }; break;
                case "--gateway-env":
                    var pair = Next();
                    var eq = pair.IndexOf('=');
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--gateway-env needs NAME=VALUE");
                    }
                    o.GatewayEnv[pair[..eq]] = pair[(eq + 1)..];
                    break;
                default: throw new ArgumentException($"unknown argument '{arg}'");
            }
        }
        if (o.Modes.Any(m => m is not ("sqlite" or "azurite" or "sqlite-tmpfs")))
        {
            throw new ArgumentException("--modes takes sqlite, azurite and/or sqlite-tmpfs");
        }
        if (o.Repo.Length == 0)
        {
            o = o with { Repo = FindRepoRoot() };
        }
        if (o.Output.Length == 0)
        {
            o = o with { Output = Path.Combine(o.Repo, "bench", "results", "jobs.md") };
        }
        return o;
    }

    private static string FindRepoRoot()
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

/// <summary>One throughput round: N jobs submitted and all seen terminal.</summary>
internal sealed record ThroughputRound(int Jobs, double SubmitSeconds, double EndToEndSeconds, double ServerSpanSeconds,
    Dictionary<string, int> Statuses, List<double> QueueWaitMs, List<double> RunMs, List<double> CreatedToFinishedMs, List<double> AcceptMs, int Polls)
{
    /// <summary>CPU ms per job of each process (client, gateway, upstream, azurite) over the round.</summary>
    public Dictionary<string, double> CpuMsPerJob { get; } = [];
}

/// <summary>One progress run: client-side arrival times (ms since the submit started) of each progress event.</summary>
internal sealed record ProgressRun(double AcceptedMs, List<(double Progress, double AtMs)> Events, double DoneMs, bool Live);

internal static class JobsBench
{
    private const string Template = "jobs-stdio";
    private static void Log(string text) => Console.Error.WriteLine($"[jobs {DateTime.Now:HH:mm:ss}] {text}");
    private static string F(double v, string f = "0.0") => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString(f, CultureInfo.InvariantCulture);

    public static async Task<string> RunAsync(JobsOptions o, string[] args)
    {
        var started = DateTimeOffset.UtcNow;
        var loadStart = LoadAverage();
        var serverDll = UpstreamSpec.TestServerDll(o.Repo);
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"{serverDll} is missing; build Release first (bash bench/Jobs/run.sh does).");
        }
        var throughput = new Dictionary<string, List<ThroughputRound>>();
        var progress = new Dictionary<string, List<ProgressRun>>();
        var notes = new List<string>();

        // Baseline: the same progress tool called directly over stdio with the SDK client (arrival of each notification).
        progress["direct MCP stdio (SDK client, no gateway, no job)"] = await DirectProgressAsync(o, serverDll);

        foreach (var mode in o.Modes)
        {
            ChildProcess? azurite = null;
            try
            {
                var env = new Dictionary<string, string>(o.GatewayEnv);
                if (mode == "azurite")
                {
                    (azurite, var connection) = await StartAzuriteAsync(o.Repo);
                    env["AzureWebJobsStorage"] = connection;
                    env["McpGateway__Store"] = "tables";
                    Log($"azurite pid {azurite.Id}");
                }
                using var gateway = await GatewayHost.StartAsync(o.Repo, env, mode == "sqlite-tmpfs" ? "/dev/shm" : null);
                var pids = new Dictionary<string, int> { ["client"] = Environment.ProcessId, ["gateway"] = gateway.Process.Id };
                if (azurite is not null)
                {
                    pids["azurite"] = azurite.Id;
                }
                Log($"{mode}: gateway pid {gateway.Process.Id} on {gateway.Uri}");
                await gateway.RegisterAsync(new JsonObject
                {
                    ["template"] = Template,
                    ["id"] = Template + "-1",
                    ["command"] = "dotnet",
                    ["args"] = new JsonArray(serverDll, "--stdio", "--id", "jobs-bench"),
                });
                // First call opens the upstream session (spawn + initialize); then warm-up jobs (discarded).
                using (var first = await gateway.Http.PostAsJsonAsync(new Uri(gateway.Uri, $"/mcp/{Template}/tools/call"),
                           new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "warm" } }))
                {
                    first.EnsureSuccessStatusCode();
                }
                if (o.WarmupJobs > 0)
                {
                    var warm = await ThroughputAsync(gateway, o.WarmupJobs, o.Submitters);
                    Log($"{mode}: warm-up {o.WarmupJobs} jobs in {warm.EndToEndSeconds:0.00} s (discarded)");
                }
                var rounds = throughput[mode] = [];
                for (var r = 1; r <= o.Rounds; r++)
                {
                    if (ProcFs.Children(gateway.Process.Id, "jobs-bench").FirstOrDefault() is var child and > 0)
                    {
                        pids["upstream"] = child;
                    }
                    var cpu0 = pids.ToDictionary(kv => kv.Key, kv => ProcFs.CpuSeconds(kv.Value));
                    var round = await ThroughputAsync(gateway, o.Jobs, o.Submitters);
                    foreach (var (role, pid) in pids)
                    {
                        if (cpu0[role] is { } before && ProcFs.CpuSeconds(pid) is { } after)
                        {
                            round.CpuMsPerJob[role] = (after - before) * 1000 / o.Jobs;
                        }
                    }
                    rounds.Add(round);
                    Log($"{mode}: round {r}: {o.Jobs} jobs, submit {round.SubmitSeconds:0.00} s, all terminal after {round.EndToEndSeconds:0.00} s → {o.Jobs / round.EndToEndSeconds:0} jobs/s; " +
                        string.Join(", ", round.Statuses.Select(kv => $"{kv.Key} {kv.Value}")));
                }
                var runs = progress[$"gateway job, SSE /events ({mode})"] = [];
                for (var r = 0; r < o.ProgressRuns; r++)
                {
                    var run = await JobProgressAsync(gateway, o);
                    runs.Add(run);
                    Log($"{mode}: progress run {r + 1}: first progress {(run.Events.Count > 0 ? run.Events[0].AtMs : double.NaN):0.0} ms, {run.Events.Count} events, done {run.DoneMs:0.0} ms");
                }
                if (gateway.Process.HasExited)
                {
                    notes.Add($"{mode}: the gateway exited during the run: {gateway.Process.Output[^Math.Min(2000, gateway.Process.Output.Length)..]}");
                }
            }
            finally
            {
                azurite?.Dispose();
            }
        }
        return Render(o, args, started, loadStart, throughput, progress, notes);
    }

    private static async Task<ThroughputRound> ThroughputAsync(GatewayHost gateway, int n, int submitters)
    {
        var http = gateway.Http;
        var url = new Uri(gateway.Uri, $"/mcp/{Template}/tools/call");
        var ids = new string?[n];
        var acceptMs = new double[n];
        var next = -1;
        var t0 = Stopwatch.GetTimestamp();
        var submit = Enumerable.Range(0, submitters).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                var s = Stopwatch.GetTimestamp();
                using var content = JsonContent.Create(new JsonObject
                {
                    ["name"] = "echo",
                    ["arguments"] = new JsonObject { ["message"] = $"job {i}" },
                    ["async"] = true,
                });
                using var response = await http.PostAsync(url, content);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"submit: {(int)response.StatusCode} {body}");
                }
                acceptMs[i] = Stopwatch.GetElapsedTime(s).TotalMilliseconds;
                Volatile.Write(ref ids[i], JsonNode.Parse(body)!["job_id"]!.GetValue<string>());
            }
        })).ToArray();
        var submitDone = Task.WhenAll(submit).ContinueWith(_ => Stopwatch.GetElapsedTime(t0).TotalSeconds, TaskScheduler.Default);

        // Waiter: walks the jobs in submission order with point reads; a job still queued/running is re-read every 5 ms.
        var records = new JsonObject?[n];
        var polls = 0;
        for (var i = 0; i < n;)
        {
            var id = Volatile.Read(ref ids[i]);
            if (id is null)
            {
                if (submit.FirstOrDefault(t => t.IsFaulted) is { } failed)
                {
                    await failed;
                }
                await Task.Delay(1);
                continue;
            }
            polls++;
            var job = await http.GetFromJsonAsync<JsonObject>(new Uri(gateway.Uri, $"/gateway/jobs/{id}"));
            var status = job!["status"]!.GetValue<string>();
            if (status is "queued" or "running")
            {
                await Task.Delay(5);
                continue;
            }
            records[i] = job;
            i++;
        }
        var endToEnd = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var submitSeconds = await submitDone;

        var statuses = records.GroupBy(r => r!["status"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        static DateTimeOffset? Time(JsonObject r, string name) => r[name] is { } v && v.GetValue<string>() is { } s
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
        var created = records.Select(r => Time(r!, "created_at")!.Value).ToList();
        var startedAt = records.Select(r => Time(r!, "started_at")).ToList();
        var finished = records.Select(r => Time(r!, "finished_at")).ToList();
        var queueWait = created.Zip(startedAt, (c, s) => s is { } x ? (x - c).TotalMilliseconds : double.NaN).Where(v => !double.IsNaN(v)).ToList();
        var run = startedAt.Zip(finished, (s, f) => s is { } a && f is { } b ? (b - a).TotalMilliseconds : double.NaN).Where(v => !double.IsNaN(v)).ToList();
        var total = created.Zip(finished, (c, f) => f is { } b ? (b - c).TotalMilliseconds : double.NaN).Where(v => !double.IsNaN(v)).ToList();
        var span = finished.Where(f => f is not null).Max()!.Value - created.Min();
        return new ThroughputRound(n, submitSeconds, endToEnd, span.TotalSeconds, statuses, queueWait, run, total, acceptMs.ToList(), polls);
    }

    private static async Task<ProgressRun> JobProgressAsync(GatewayHost gateway, JobsOptions o)
    {
        var http = gateway.Http;
        var t0 = Stopwatch.GetTimestamp();
        double Now() => Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        using var response = await http.PostAsJsonAsync(new Uri(gateway.Uri, $"/mcp/{Template}/tools/call"), new JsonObject
        {
            ["name"] = "progress",
            ["arguments"] = new JsonObject { ["steps"] = o.Steps, ["delay_ms"] = o.DelayMs },
            ["async"] = true,
        });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"submit progress: {(int)response.StatusCode} {body}");
        }
        var accepted = Now();
        var eventsUrl = JsonNode.Parse(body)!["events_url"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Uri, eventsUrl));
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var sse = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        sse.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await sse.Content.ReadAsStreamAsync());
        var events = new List<(double, double)>();
        string? type = null;
        var live = true;
        var first = true;
        double done = double.NaN;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var at = Now();
                if (type == "progress")
                {
                    var p = JsonNode.Parse(line[6..])!["progress"]!.GetValue<double>();
                    // A progress event before the first status event would be a replay of the stored state, not a live one.
                    live &= !first;
                    events.Add((p, at));
                }
                else if (type == "done")
                {
                    done = at;
                    break;
                }
                first = false;
            }
        }
        return new ProgressRun(accepted, events, done, live && events.Count > 0 && events[0].Item1 == 1);
    }

    private static async Task<List<ProgressRun>> DirectProgressAsync(JobsOptions o, string serverDll)
    {
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [serverDll, "--stdio", "--id", "jobs-direct"],
            Name = "jobs-direct",
        }));
        var runs = new List<ProgressRun>();
        // One unmeasured call to warm the JIT on both sides.
        await client.CallToolAsync("progress", new Dictionary<string, object?> { ["steps"] = 2, ["delay_ms"] = 1 });
        for (var r = 0; r < o.ProgressRuns; r++)
        {
            var events = new List<(double, double)>();
            var t0 = Stopwatch.GetTimestamp();
            var sink = new SyncProgress(v =>
            {
                lock (events)
                {
                    events.Add((v.Progress, Stopwatch.GetElapsedTime(t0).TotalMilliseconds));
                }
            });
            await client.CallToolAsync("progress", new Dictionary<string, object?> { ["steps"] = o.Steps, ["delay_ms"] = o.DelayMs }, sink);
            var done = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            await Task.Delay(50); // the SDK may deliver the last notification after the result
            lock (events)
            {
                runs.Add(new ProgressRun(double.NaN, events.OrderBy(e => e.Item1).ToList(), done, true));
            }
        }
        return runs;
    }

    private sealed class SyncProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }

    private static async Task<(ChildProcess Process, string Connection)> StartAzuriteAsync(string repo)
    {
        var peers = Path.Combine(repo, "tests", "peers", "node_modules");
        var azurite = Path.Combine(peers, ".bin", "azurite");
        var pinnedNode = Path.Combine(peers, ".bin", "node");
        if (!File.Exists(azurite))
        {
            throw new FileNotFoundException($"{azurite} is missing; run bash tests/peers/install.sh");
        }
        var ports = new[] { Ports.Free(), Ports.Free(), Ports.Free() };
        while (ports.Distinct().Count() < 3)
        {
            ports = [Ports.Free(), Ports.Free(), Ports.Free()];
        }
        var work = Directory.CreateTempSubdirectory("azurite-bench-").FullName;
        var process = ChildProcess.Start(File.Exists(pinnedNode) ? pinnedNode : "node",
            [azurite, "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
             "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
             "--blobPort", ports[0].ToString(), "--queuePort", ports[1].ToString(), "--tablePort", ports[2].ToString()], null, work);
        foreach (var port in ports)
        {
            await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), process);
        }
        const string account = "devstoreaccount1";
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var connection = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={key};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/{account};QueueEndpoint=http://127.0.0.1:{ports[1]}/{account};TableEndpoint=http://127.0.0.1:{ports[2]}/{account};";
        return (process, connection);
    }

    private static double Pct(IEnumerable<double> values, double p)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : Summary.Percentile(sorted, p);
    }

    private static string Render(JobsOptions o, string[] args, DateTimeOffset started, string loadStart,
        Dictionary<string, List<ThroughputRound>> throughput, Dictionary<string, List<ProgressRun>> progress, List<string> notes)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Jobs benchmark (issue 5): async jobs per second end to end, and progress latency to an SSE client");
        sb.AppendLine();
        sb.AppendLine($"Run {started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s, `bash bench/Jobs/run.sh{(args.Length == 0 ? "" : " " + string.Join(' ', args))}`.");
        sb.AppendLine();
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, shared with other work; load average (1/5/15 min) at start {loadStart}, at end {LoadAverage()}.");
        sb.AppendLine($"- {RuntimeInformation.FrameworkDescription}; gateway Release build on loopback, auth and rate limit off, standalone background runner with default `McpGateway:Jobs` settings (8 jobs at once, idle poll 500 ms, woken at once by local submissions){(o.GatewayEnv.Count > 0 ? "; extra gateway environment: " + string.Join(", ", o.GatewayEnv.Select(kv => $"`{kv.Key}={kv.Value}`")) : "")}.");
        sb.AppendLine($"- Upstream: tests/servers/McpGateway.TestServer over stdio (one child of the gateway), tools `echo` and `progress(steps, delay_ms)`.");
        sb.AppendLine($"- Throughput: {o.WarmupJobs} warm-up jobs (discarded), then {o.Rounds} round(s) × {o.Jobs} jobs, {o.Submitters} concurrent submitters; a waiter reads the jobs in submission order (`GET /gateway/jobs/{{id}}`, a job still queued/running re-read every 5 ms) until every one is terminal.");
        sb.AppendLine();
        sb.AppendLine("## Throughput");
        sb.AppendLine();
        sb.AppendLine("| store | round | jobs | submit phase s | submits/s | all terminal after s | **jobs/s end to end** | jobs/s server side (first created → last finished) | submit→202 p50 / p99 ms | created→finished p50 / p99 ms | queue wait p50 ms | run p50 ms | statuses |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|");
        foreach (var (mode, rounds) in throughput)
        {
            for (var i = 0; i < rounds.Count; i++)
            {
                var r = rounds[i];
                sb.AppendLine($"| {StoreName(mode)} | {i + 1} | {r.Jobs} | {F(r.SubmitSeconds, "0.00")} | {F(r.Jobs / r.SubmitSeconds, "0")} | {F(r.EndToEndSeconds, "0.00")} | **{F(r.Jobs / r.EndToEndSeconds, "0")}** | {F(r.Jobs / r.ServerSpanSeconds, "0")} | " +
                    $"{F(Pct(r.AcceptMs, 0.5), "0.0")} / {F(Pct(r.AcceptMs, 0.99), "0.0")} | {F(Pct(r.CreatedToFinishedMs, 0.5), "0")} / {F(Pct(r.CreatedToFinishedMs, 0.99), "0")} | {F(Pct(r.QueueWaitMs, 0.5), "0")} | {F(Pct(r.RunMs, 0.5), "0.0")} | {string.Join(", ", r.Statuses.Select(kv => $"{kv.Key} {kv.Value}"))} |");
            }
        }
        sb.AppendLine();
        sb.AppendLine("CPU per job (ms, /proc utime+stime over each round, all rounds pooled; 10 ms ticks): shows which process the 2 shared cores are spent in.");
        sb.AppendLine();
        sb.AppendLine("| store | client | gateway | upstream | azurite | total | wall ms per job (2 cores → CPU capacity 2× this) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (mode, rounds) in throughput)
        {
            double Cpu(string role) => rounds.All(r => r.CpuMsPerJob.ContainsKey(role)) ? rounds.Average(r => r.CpuMsPerJob[role]) : double.NaN;
            var roles = new[] { "client", "gateway", "upstream", "azurite" };
            var total = roles.Select(Cpu).Where(v => !double.IsNaN(v)).Sum();
            sb.AppendLine($"| {StoreName(mode)} | {string.Join(" | ", roles.Select(r => F(Cpu(r), "0.00")))} | {F(total, "0.00")} | {F(rounds.Sum(r => r.EndToEndSeconds) * 1000 / rounds.Sum(r => r.Jobs), "0.00")} |");
        }
        if (throughput.TryGetValue("sqlite", out var s) && throughput.TryGetValue("azurite", out var a))
        {
            var sq = s.Sum(r => r.Jobs) / s.Sum(r => r.EndToEndSeconds);
            var az = a.Sum(r => r.Jobs) / a.Sum(r => r.EndToEndSeconds);
            sb.AppendLine();
            sb.AppendLine($"Pooled: SQLite {F(sq, "0")} jobs/s, Azurite {F(az, "0")} jobs/s (Azurite / SQLite = {F(az / sq, "0.00")}).");
        }
        sb.AppendLine();
        sb.AppendLine($"## Progress latency (tool `progress(steps={o.Steps}, delay_ms={o.DelayMs})`, {o.ProgressRuns} runs per path)");
        sb.AppendLine();
        sb.AppendLine("Client-side timestamps (Stopwatch) from the start of the submit (job paths: the POST; direct: the `tools/call`). " +
            "The tool sends progress 1 at once, then one every `delay_ms`. *Inter-arrival* = arrival of event i − arrival of event i−1 (only consecutive progress values); " +
            "*jitter* = |inter-arrival − delay_ms|; *drift* = (arrival of the last event − arrival of the first) − (steps−1)·delay_ms, i.e. how far the client's view lags the tool's own schedule by the end. " +
            "The direct row is the floor: the test server's own timer slop plus one stdio hop.");
        sb.AppendLine();
        sb.AppendLine("| path | submit→202 p50 ms | submit→first progress p50 (min–max) ms | events seen / sent | inter-arrival p50 / p99 ms | jitter p50 / p99 ms | drift p50 (max) ms | submit→done p50 ms | live from the first event |");
        sb.AppendLine("|---|---:|---|---|---|---|---|---:|---|");
        foreach (var (path, runs) in progress)
        {
            var firsts = runs.Where(r => r.Events.Count > 0).Select(r => r.Events[0].AtMs).ToList();
            var inter = new List<double>();
            var drift = new List<double>();
            foreach (var r in runs)
            {
                for (var i = 1; i < r.Events.Count; i++)
                {
                    if (r.Events[i].Progress == r.Events[i - 1].Progress + 1)
                    {
                        inter.Add(r.Events[i].AtMs - r.Events[i - 1].AtMs);
                    }
                }
                if (r.Events.Count >= 2)
                {
                    var (p0, t0) = r.Events[0];
                    var (p1, t1) = r.Events[^1];
                    drift.Add(t1 - t0 - (p1 - p0) * o.DelayMs);
                }
            }
            var jitter = inter.Select(v => Math.Abs(v - o.DelayMs)).ToList();
            sb.AppendLine($"| {path} | {(runs.All(r => double.IsNaN(r.AcceptedMs)) ? "–" : F(Pct(runs.Select(r => r.AcceptedMs), 0.5), "0.0"))} | {F(Pct(firsts, 0.5), "0.0")} ({F(firsts.DefaultIfEmpty(double.NaN).Min(), "0.0")}–{F(firsts.DefaultIfEmpty(double.NaN).Max(), "0.0")}) | " +
                $"{runs.Sum(r => r.Events.Count)} / {runs.Count * o.Steps} | {F(Pct(inter, 0.5), "0.0")} / {F(Pct(inter, 0.99), "0.0")} | {F(Pct(jitter, 0.5), "0.0")} / {F(Pct(jitter, 0.99), "0.0")} | " +
                $"{F(Pct(drift, 0.5), "0.0")} ({F(drift.DefaultIfEmpty(double.NaN).Max(), "0.0")}) | {F(Pct(runs.Select(r => r.DoneMs), 0.5), "0.0")} | {runs.Count(r => r.Live)}/{runs.Count} |");
        }
        foreach (var note in notes)
        {
            sb.AppendLine();
            sb.AppendLine($"Note: {note}");
        }
        return sb.ToString();
    }

    private static string StoreName(string mode) => mode switch
    {
        "sqlite" => "SQLite (standalone, data folder on disk)",
        "sqlite-tmpfs" => "SQLite on tmpfs (/dev/shm; diagnostic: no fsync cost)",
        _ => "Azurite tables + queue (in-memory)",
    };

    private static string LoadAverage()
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
}
