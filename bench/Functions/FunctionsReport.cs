using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace McpGateway.Bench.Functions;

/// <summary>results/functions.md: method, machine load, the cold-start report, warm latency and async jobs.</summary>
internal static class FunctionsReport
{
    private static string F(double v, string format = "0.000") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    private static double Pct(IEnumerable<double> values, double p)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : Summary.Percentile(sorted, p);
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

    public static string Render(FunctionsOptions o, DateTimeOffset started, string loadStart, double functionsStartMs,
        List<WarmPath>? warm, List<JobResults>? jobs, string? coldStart)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# The isolated-worker Functions app under the Functions host (issue 18): warm latency, async jobs, cold start");
        sb.AppendLine();
        sb.AppendLine($"Run {started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s, written by `bash bench/Functions/run.sh` (scenarios {string.Join(", ", o.Scenarios)}; {o.Rounds} warm rounds × {o.Seconds:0.#} s, {o.AsyncRuns} async calls, {o.BatchRounds} batches of {o.BatchSize}){(o.Commit.Length > 0 ? $", commit {o.Commit}" : "")}.");
        sb.AppendLine();
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, **shared with other engineers' builds and tests**; load average (1/5/15 min) at start {loadStart}, at end {LoadAverage()}. {RuntimeInformation.FrameworkDescription}. Only ratios within this run mean anything.");
        sb.AppendLine("- Processes, all on 127.0.0.1: the upstream (tests/servers/McpGateway.TestServer, Streamable HTTP, tool `echo`); the standalone gateway (`dotnet src/McpGateway/bin/Release/net10.0/McpGateway.dll`, embedded SQLite store, authentication on with an `API_KEY` admin key, per-caller rate limit off); the Functions host (/work/shared/functions-host, 4.1037.0) running functions/McpGateway.Functions published Release, Table store and job queue on a private Azurite, the same admin key, rate limit off, host log level Warning; this client. Template `bench-http` (the same upstream) is registered in both gateways.");
        sb.AppendLine($"- The Functions host answered its first `/gateway/health` 200 {F(functionsStartMs / 1000, "0.0")} s after its exec here (during the bench's own start-up; the cold-start section measures it properly).");
        if (warm is not null)
        {
            RenderWarm(sb, o, warm);
        }
        if (jobs is not null)
        {
            RenderJobs(sb, o, jobs);
        }
        if (coldStart is not null)
        {
            sb.AppendLine();
            sb.AppendLine("## Cold start (copied from bench/ColdStart/latest.md, written by the same run.sh)");
            sb.AppendLine();
            sb.AppendLine(coldStart.Replace("\n# ", "\n### ").Replace("\n## ", "\n### ").TrimStart('#', ' ').Insert(0, "### "));
        }
        return sb.ToString();
    }

    private static void RenderWarm(StringBuilder sb, FunctionsOptions o, List<WarmPath> warm)
    {
        sb.AppendLine();
        sb.AppendLine("## Warm: REST `tools/call` echo, one sequential keep-alive client");
        sb.AppendLine();
        sb.AppendLine($"Method: `POST /mcp/bench-http/tools/call` `{{\"name\":\"echo\",\"arguments\":{{\"message\":…}}}}` with `X-API-Key` over one `HttpClient` (keep-alive), one call after another; the direct path is the MCP SDK client's `CallToolAsync` over Streamable HTTP to the same upstream. Each call checks the echoed text. {o.Warmup} warm-up calls and one discarded 1 s round per path, then {o.Rounds} rounds × {F(o.Seconds, "0.#")} s per path, the order rotating every round. Nearest-rank percentiles over the pooled rounds; *gateway time* is the gateway's own `X-Response-Time` (its first middleware until the response starts, upstream call included), so e2e − gateway time is the hop into the gateway: Kestrel for the standalone server, the host's HTTP pipeline and its forwarding to the worker's Kestrel for the Functions app.");
        sb.AppendLine();
        sb.AppendLine("| path | calls | p50 ms | p90 ms | p99 ms | mean ms | calls/s | per-round p50 (min–max) | gateway time p50 ms | e2e − gateway time p50 ms |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var path in warm)
        {
            var s = path.Pooled.Summarize();
            var inner = path.Pooled.SummarizeInner();
            var hop = inner is null ? double.NaN : Pct(path.Pooled.LatenciesMs, 0.5) - inner.P50;
            sb.AppendLine($"| {path.Name} | {s.Count} | **{F(s.P50)}** | {F(s.P90)} | **{F(s.P99)}** | {F(s.Mean)} | {F(s.CallsPerSecond, "0")} | {F(path.RoundP50s.Min())}–{F(path.RoundP50s.Max())} | {F(inner?.P50 ?? double.NaN)} | {F(hop)} |");
        }
        if (warm.Count == 3)
        {
            var direct = warm[0].Pooled.Summarize();
            var standalone = warm[1].Pooled.Summarize();
            var functions = warm[2].Pooled.Summarize();
            sb.AppendLine();
            sb.AppendLine("| comparison | added p50 ms | added p99 ms | p50 ratio | p99 ratio |");
            sb.AppendLine("|---|---:|---:|---:|---:|");
            sb.AppendLine($"| standalone gateway − direct | {F(standalone.P50 - direct.P50)} | {F(standalone.P99 - direct.P99)} | {F(standalone.P50 / direct.P50, "0.00")}× | {F(standalone.P99 / direct.P99, "0.00")}× |");
            sb.AppendLine($"| Functions host − direct | {F(functions.P50 - direct.P50)} | {F(functions.P99 - direct.P99)} | {F(functions.P50 / direct.P50, "0.00")}× | {F(functions.P99 / direct.P99, "0.00")}× |");
            sb.AppendLine($"| **Functions host − standalone gateway** | **{F(functions.P50 - standalone.P50)}** | **{F(functions.P99 - standalone.P99)}** | {F(functions.P50 / standalone.P50, "0.00")}× | {F(functions.P99 / standalone.P99, "0.00")}× |");
        }
    }

    private static void RenderJobs(StringBuilder sb, FunctionsOptions o, List<JobResults> jobs)
    {
        sb.AppendLine();
        sb.AppendLine("## Async jobs on Azurite under the host (standalone gateway on SQLite as a reference)");
        sb.AppendLine();
        sb.AppendLine($"Method, through the REST API only: **one async call** = `POST /mcp/bench-http/tools/call` with `\"async\": true` → 202 + `Location` → `GET` that location every 10 ms until the status is terminal (the result's echo is checked); {o.AsyncRuns} calls one after another per gateway, alternating gateways, after 3 discarded. **Batch** = `POST /mcp/bench-http/tools/batch` with {o.BatchSize} echo calls and `max_parallel` {o.MaxParallel} → 202 + `Location` → `GET /gateway/batches/{{id}}` every 100 ms (it reads every item) until `done`; {o.BatchRounds} batch(es) per gateway, alternating, after one discarded 10-call batch. `max_parallel` {o.MaxParallel} equals the gateway's default `McpGateway:Jobs:MaxConcurrentJobs` (8 jobs at once per process), so the limit is the batch's own, not hidden by the runner's. *Server* times are the job records' `created_at` → `finished_at` (batch: first created → last finished).");
        sb.AppendLine();
        sb.AppendLine("| gateway | calls | submit → 202 p50 / p99 ms | **submit → terminal seen p50 / p99 ms** | server created → finished p50 / p99 ms | polls per call p50 | statuses |");
        sb.AppendLine("|---|---:|---|---|---|---:|---|");
        foreach (var j in jobs)
        {
            var c = j.Calls;
            sb.AppendLine($"| {j.Name} | {c.Count} | {F(Pct(c.Select(x => x.AcceptMs), 0.5), "0.0")} / {F(Pct(c.Select(x => x.AcceptMs), 0.99), "0.0")} | " +
                $"**{F(Pct(c.Select(x => x.EndToEndMs), 0.5), "0.0")} / {F(Pct(c.Select(x => x.EndToEndMs), 0.99), "0.0")}** | {F(Pct(c.Select(x => x.ServerMs), 0.5), "0.0")} / {F(Pct(c.Select(x => x.ServerMs), 0.99), "0.0")} | " +
                $"{F(Pct(c.Select(x => (double)x.Polls), 0.5), "0")} | {string.Join(", ", c.GroupBy(x => x.Status).Select(g => $"{g.Key} {g.Count()}"))} |");
        }
        sb.AppendLine();
        sb.AppendLine($"| gateway | batch | calls | max_parallel | submit → 202 ms | **submit → done seen ms** | server first created → last finished ms | calls/s (wall) | polls | counts |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var j in jobs)
        {
            for (var i = 0; i < j.Batches.Count; i++)
            {
                var b = j.Batches[i];
                sb.AppendLine($"| {j.Name} | {i + 1} | {o.BatchSize} | {o.MaxParallel} | {F(b.AcceptMs, "0")} | **{F(b.WallMs, "0")}** | {F(b.ServerSpanMs, "0")} | {F(o.BatchSize / (b.WallMs / 1000), "0.0")} | {b.Polls} | {b.Counts} |");
            }
        }
        if (jobs.Count == 2 && jobs.All(j => j.Calls.Count > 0 && j.Batches.Count > 0))
        {
            var f = jobs[0];
            var s = jobs[1];
            sb.AppendLine();
            sb.AppendLine($"Functions / standalone: one async call p50 {F(Pct(f.Calls.Select(x => x.EndToEndMs), 0.5) / Pct(s.Calls.Select(x => x.EndToEndMs), 0.5), "0.00")}×, " +
                $"batch wall time (median) {F(Median(f.Batches.Select(b => b.WallMs)) / Median(s.Batches.Select(b => b.WallMs)), "0.00")}×.");
        }
        sb.AppendLine();
        sb.AppendLine("Which engine ran the jobs:");
        sb.AppendLine();
        foreach (var j in jobs)
        {
            sb.AppendLine($"- {j.Name}: {j.Engine}.");
        }
    }

    private static double Median(IEnumerable<double> values) => Pct(values, 0.5);
}
