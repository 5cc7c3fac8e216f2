using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace McpGateway.Bench.ColdStart;

/// <summary>The cold-start report: medians per app, the ratio, and the phases from the host's log side by side.</summary>
internal static class ColdStartReport
{
    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0", CultureInfo.InvariantCulture);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
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

    public static string Render(ColdStartOptions o, Dictionary<string, List<ColdStartRun>> runs, DateTimeOffset started, string loadStart)
    {
        var g = runs["gateway"];
        var e = runs["empty"];
        var d = runs.GetValueOrDefault("empty+durable");
        var sb = new StringBuilder();
        sb.AppendLine($"# Cold start under the Functions host, isolated worker ({started:yyyy-MM-dd HH:mm} UTC, {o.Runs} runs of each app, interleaved)");
        sb.AppendLine();
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, shared with other work; load average (1/5/15 min) at start {loadStart}, at end {LoadAverage()}. {RuntimeInformation.FrameworkDescription}.{(o.Commit.Length > 0 ? $" Commit {o.Commit}." : "")}");
        sb.AppendLine("- Host: /work/shared/functions-host (Functions host 4.1037.0 built from source, `run-host.sh APP PORT`), one host per run on a fresh port, stopped (SIGTERM, then killed with its worker) before the next; the same private Azurite for all runs (`AzureWebJobsStorage`); one host id and table names per app, so every run is a restart of an app whose storage exists (one discarded start of each app first). The apps run in turn, every order in rotation. All apps `dotnet publish -c Release`, the same Worker packages (HTTP/ASP.NET Core, timer, Durable), the same host.json and log levels (host: Warning, plus its start-up, worker and invocation lines).");
        sb.AppendLine("- Gateway: functions/McpGateway.Functions (Table store on Azurite, `API_KEY` set, no templates). **Empty** (the baseline the target is against): bench/ColdStart/EmptyApp, one anonymous HTTP function `GET /ping`; the Worker SDK ships only the host extensions the functions use, so the host does not load Durable for it." +
            (d is null ? "" : " **Empty+Durable** (diagnostic): bench/ColdStart/EmptyDurableApp, the same plus one no-op orchestrator, so the host loads and starts the Durable extension as for the gateway."));
        sb.AppendLine("- Clock: from the exec of the host (`Stopwatch` in this tool) to the answer; the client polls every 10 ms. Host phases are the arrival times of its log lines; the worker's exec is its /proc start time (10 ms ticks). Log lines reach this tool through the host's console logger queue, so a phase boundary read from them can lag by tens of ms (more under load); a small negative phase comes from that.");
        sb.AppendLine();
        sb.AppendLine("| app | median host exec → first 200 (ms) | min | max | first answer (any status), median | first status seen |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|");
        sb.AppendLine($"| empty isolated app, `GET /ping` | **{F(Median(e.Select(r => r.Ready)))}** | {F(e.Min(r => r.Ready))} | {F(e.Max(r => r.Ready))} | {F(Median(e.Select(r => r.FirstAnswer)))} | {Statuses(e)} |");
        if (d is not null)
        {
            sb.AppendLine($"| empty + no-op Durable orchestrator, `GET /ping` | {F(Median(d.Select(r => r.Ready)))} | {F(d.Min(r => r.Ready))} | {F(d.Max(r => r.Ready))} | {F(Median(d.Select(r => r.FirstAnswer)))} | {Statuses(d)} |");
        }
        sb.AppendLine($"| McpGateway.Functions, `GET /gateway/health` | **{F(Median(g.Select(r => r.Ready)))}** | {F(g.Min(r => r.Ready))} | {F(g.Max(r => r.Ready))} | {F(Median(g.Select(r => r.FirstAnswer)))} | {Statuses(g)} |");
        foreach (var (name, v) in runs.Where(kv => kv.Key.StartsWith("gateway: ", StringComparison.Ordinal)))
        {
            sb.AppendLine($"| McpGateway.Functions, {name["gateway: ".Length..]} (experiment), `GET /gateway/health` | {F(Median(v.Select(r => r.Ready)))} | {F(v.Min(r => r.Ready))} | {F(v.Max(r => r.Ready))} | {F(Median(v.Select(r => r.FirstAnswer)))} | {Statuses(v)} |");
        }
        sb.AppendLine($"| McpGateway.Functions, then authenticated `GET /gateway/registry` | {F(Median(g.Select(r => r.Authenticated)))} | {F(g.Min(r => r.Authenticated))} | {F(g.Max(r => r.Authenticated))} | | |");
        var ratio = Median(g.Select(r => r.Ready)) / Median(e.Select(r => r.Ready));
        var perRun = g.Zip(e, (a, b) => a.Ready / b.Ready).Order().ToArray();
        sb.AppendLine();
        sb.AppendLine($"Ratio of medians gateway / empty (first 200): **{R(ratio)}×** (target ≤ 1.25×: **{(ratio <= 1.25 ? "met" : "missed")}**); " +
            $"per run pair {R(perRun.Min())}–{R(perRun.Max())}×; authenticated call / empty {R(Median(g.Select(r => r.Authenticated)) / Median(e.Select(r => r.Ready)))}×." +
            (d is null ? "" : $" Gateway / empty+Durable: {R(Median(g.Select(r => r.Ready)) / Median(d.Select(r => r.Ready)))}×; empty+Durable / empty: {R(Median(d.Select(r => r.Ready)) / Median(e.Select(r => r.Ready)))}×."));
        sb.AppendLine();
        sb.AppendLine("## Where the time goes (median of each run's phase, ms)");
        sb.AppendLine();
        var columns = runs.Keys.OrderBy(k => k switch { "empty" => 0, "empty+durable" => 1, "gateway" => 2, _ => 3 }).ToList();
        sb.AppendLine($"| phase | {string.Join(" | ", columns)} | gateway − empty |{(d is null ? "" : " gateway − empty+durable |")}");
        sb.AppendLine($"|---|{string.Concat(columns.Select(_ => "---:|"))}---:|{(d is null ? "" : "---:|")}");
        Phase(sb, "host exec → script host initializing (`Initializing Host.`: host process start, WebHost, extensions, secrets and host id in storage)", runs, columns, r => r.HostInitializing);
        Phase(sb, "initializing → worker exec (/proc)", runs, columns, r => r.WorkerExec - r.HostInitializing);
        Phase(sb, "**worker exec → worker initialized** (runtime start, `Program`: builder, `AddGateway`, `Build`, hosted services start, gRPC handshake, functions metadata)", runs, columns, r => r.WorkerInitialized - r.WorkerExec);
        Phase(sb, "worker initialized → `Host started` (trigger listeners: timer, Durable task hub)", runs, columns, r => r.HostStarted - r.WorkerInitialized);
        Phase(sb, "host started → host listening (`Now listening on`)", runs, columns, r => r.HostListening - r.HostStarted);
        Phase(sb, "listening → first invocation begins", runs, columns, r => r.FirstInvocationStarted - r.HostListening);
        Phase(sb, "**first invocation** (`Executed ... Duration`: the worker's first request, the host → worker HTTP forwarding included)", runs, columns, r => r.FirstInvocationDuration);
        Phase(sb, "invocation started + duration → answer at the client", runs, columns, r => r.FirstAnswer - r.FirstInvocationStarted - r.FirstInvocationDuration);
        Phase(sb, "first answer → first 200", runs, columns, r => r.Ready - r.FirstAnswer);
        Phase(sb, "total: host exec → first 200", runs, columns, r => r.Ready);
        sb.AppendLine();
        sb.AppendLine("Raw runs (ms after the host exec: initializing, worker exec, worker initialized, host started, listening, invocation begins, invocation duration, first answer, first 200, authenticated):");
        sb.AppendLine();
        foreach (var (name, list) in runs)
        {
            foreach (var r in list)
            {
                sb.AppendLine($"- {name}: {F(r.HostInitializing)}, {F(r.WorkerExec)}, {F(r.WorkerInitialized)}, {F(r.HostStarted)}, {F(r.HostListening)}, {F(r.FirstInvocationStarted)}, {F(r.FirstInvocationDuration)}, {F(r.FirstAnswer)}, {F(r.Ready)}, {F(r.Authenticated)}");
            }
        }
        return sb.ToString();
    }

    private static string R(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Statuses(List<ColdStartRun> runs)
        => string.Join(", ", runs.GroupBy(r => r.FirstStatus).Select(x => $"{x.Key} ×{x.Count()}"));

    private static void Phase(StringBuilder sb, string name, Dictionary<string, List<ColdStartRun>> runs, List<string> columns, Func<ColdStartRun, double> phase)
    {
        var medians = columns.ToDictionary(c => c, c => Median(runs[c].Select(phase)));
        var diffs = medians["gateway"] - medians["empty"];
        var durable = medians.TryGetValue("empty+durable", out var dm) ? $" {F(medians["gateway"] - dm)} |" : "";
        sb.AppendLine($"| {name} | {string.Join(" | ", columns.Select(c => F(medians[c])))} | {F(diffs)} |{durable}");
    }
}
