using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace McpGateway.Bench;

/// <summary>Renders the run as Markdown (bench/results/latest.md).</summary>
internal static class Report
{
    private const double TargetAddedP50Ms = 0.5;
    private const double LongTermAddedP50Ms = 0.25;
    private const double TargetStdioRatio = 2.0;

    private static string F(double v, string format = "0.000") => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    public static string Render(ReportContext r)
    {
        var o = r.Options;
        var sb = new StringBuilder();
        sb.AppendLine("# McpGateway benchmark: gateway vs direct, `tools/call echo`");
        sb.AppendLine();
        sb.AppendLine($"Run {r.Started:yyyy-MM-dd HH:mm} UTC, {(r.Finished - r.Started).TotalSeconds:0} s, `bash bench/run.sh{(o.Quick ? " --quick" : "")}{(o.Upstream == "testserver" ? "" : " --upstream " + o.Upstream)}{string.Concat(o.GatewayEnv.Select(kv => $" --gateway-env {kv.Key}={kv.Value}"))}`.");
        sb.AppendLine();
        sb.AppendLine($"- Machine: {Environment.ProcessorCount} logical CPUs ({CpuModel()}), {RuntimeInformation.OSDescription}; client, gateway and upstreams share them.");
        sb.AppendLine($"- .NET SDK {Tool("dotnet", "--version")}, runtime {RuntimeInformation.FrameworkDescription}; gateway GC: {r.GatewayGc}; commit {Tool("git", "-C", o.RepoRoot, "rev-parse", "--short", "HEAD")}{(Tool("git", "-C", o.RepoRoot, "status", "--porcelain", "--", "src", "tests/servers") is "?" ? "" : " (with uncommitted changes in src/ or tests/servers/)")}.");
        sb.AppendLine($"- Load average at the end of the run (1/5/15 min): {LoadAverage()}.");
        sb.AppendLine($"- Upstream: {r.UpstreamDescription}, Streamable HTTP on 127.0.0.1 and stdio. Protocol negotiated by the direct clients: HTTP {r.DirectHttpProtocol}, stdio {r.DirectStdioProtocol} (the gateway's upstream clients are unpinned too).");
        sb.AppendLine($"- Load: {o.WarmupCalls} warm-up calls per path and concurrency, then one discarded warm-up round, then {o.Rounds} rounds × {o.RoundDuration.TotalSeconds:0.#} s per path and scenario, closed loop; direct and gateway alternate within each round (order flips every round); numbers pooled over rounds.");
        if (o.GatewayEnv.Count > 0)
        {
            sb.AppendLine($"- **Experiment**: gateway started with extra environment {string.Join(", ", o.GatewayEnv.Select(kv => $"`{kv.Key}={kv.Value}`"))}.");
        }
        sb.AppendLine();

        sb.AppendLine("## Latency and throughput");
        sb.AppendLine();
        sb.AppendLine("| transport | c | path | calls | p50 ms | p99 ms | mean ms | calls/s |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var (pair, result) in r.Results)
        {
            foreach (var (name, sample) in new[] { ("direct", result.Direct), ("gateway", result.Gateway) })
            {
                var s = sample.Summarize();
                sb.AppendLine($"| {pair.Transport} | {pair.Concurrency} | {name} | {s.Count} | {F(s.P50)} | {F(s.P99)} | {F(s.Mean)} | {F(s.CallsPerSecond, "0")} |");
            }
        }
        var noop = r.Noop.Summarize();
        sb.AppendLine($"| (none) | 1 | gateway `GET /` (no upstream) | {noop.Count} | {F(noop.P50)} | {F(noop.P99)} | {F(noop.Mean)} | {F(noop.CallsPerSecond, "0")} |");
        sb.AppendLine();

        sb.AppendLine("## Gateway vs direct (same run)");
        sb.AppendLine();
        sb.AppendLine("| transport | c | added p50 ms | p50 ratio | p50 ratio per round (median, min–max) | added p99 ms | p99 ratio | calls/s ratio (gateway/direct) |");
        sb.AppendLine("|---|---:|---:|---:|---|---:|---:|---:|");
        foreach (var (pair, result) in r.Results)
        {
            var d = result.Direct.Summarize();
            var g = result.Gateway.Summarize();
            var ratios = result.RoundRatios.Order().ToArray();
            sb.AppendLine($"| {pair.Transport} | {pair.Concurrency} | {F(g.P50 - d.P50)} | {F(g.P50 / d.P50, "0.00")}× | {F(Median(ratios), "0.00")}× ({F(ratios[0], "0.00")}–{F(ratios[^1], "0.00")}) | {F(g.P99 - d.P99)} | {F(g.P99 / d.P99, "0.00")}× | {F(g.CallsPerSecond / d.CallsPerSecond, "0.00")} |");
        }
        sb.AppendLine();

        sb.AppendLine("## Targets (issue 2)");
        sb.AppendLine();
        var http1 = r.Results.FirstOrDefault(kv => kv.Key.Transport == "HTTP" && kv.Key.Concurrency == 1);
        if (http1.Value is { } h)
        {
            var added = h.Gateway.Summarize().P50 - h.Direct.Summarize().P50;
            sb.AppendLine($"- Added p50 over direct HTTP at c=1 ≤ {TargetAddedP50Ms} ms: **{F(added)} ms → {Verdict(added <= TargetAddedP50Ms, added - TargetAddedP50Ms, "ms")}**.");
            sb.AppendLine($"- Long-term goal ≤ {LongTermAddedP50Ms} ms: **{Verdict(added <= LongTermAddedP50Ms, added - LongTermAddedP50Ms, "ms")}**.");
        }
        foreach (var (pair, result) in r.Results.Where(kv => kv.Key.Transport == "stdio"))
        {
            var d = result.Direct.Summarize();
            var g = result.Gateway.Summarize();
            var ratio = g.P50 / d.P50;
            sb.AppendLine($"- stdio through the gateway ≤ {TargetStdioRatio}× direct stdio (p50), c={pair.Concurrency}: **{F(ratio, "0.00")}× → {Verdict(ratio <= TargetStdioRatio, ratio - TargetStdioRatio, "×")}** (throughput {F(d.CallsPerSecond / g.CallsPerSecond, "0.00")}× lower through the gateway).");
        }
        sb.AppendLine();

        sb.AppendLine("## Where the gateway's time goes (c=1, means, ms)");
        sb.AppendLine();
        sb.AppendLine("`X-Response-Time` is stamped by the gateway's first middleware when the response starts (everything inside the gateway, including the upstream call). " +
            "The router mean comes from the gateway's own `/gateway/stats` counters, read before and after each gateway round (the upstream call as the gateway's SDK client sees it).");
        sb.AppendLine();
        sb.AppendLine("| transport | direct e2e | gateway e2e | X-Response-Time | router (upstream call in gateway) | HTTP hop client↔gateway (e2e − X-RT) | gateway own work (X-RT − router) | upstream call in gateway − direct |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (pair, result) in r.Results.Where(kv => kv.Key.Concurrency == 1))
        {
            var d = result.Direct.Summarize();
            var g = result.Gateway.Summarize();
            var x = result.Gateway.SummarizeInner();
            var router = result.RouterMean;
            var xm = x?.Mean ?? double.NaN;
            sb.AppendLine($"| {pair.Transport} | {F(d.Mean)} | {F(g.Mean)} | {F(xm)} (p50 {F(x?.P50 ?? double.NaN)}) | {F(router)} ± {F(result.RouterMeanErrorMs)} | {F(g.Mean - xm)} | {F(xm - router)} | {F(router - d.Mean)} |");
        }
        var noopX = r.Noop.SummarizeInner();
        sb.AppendLine();
        sb.AppendLine($"Floor: gateway `GET /` (no upstream, same middleware) e2e p50 {F(noop.P50)} ms, mean {F(noop.Mean)} ms; its X-Response-Time p50 {F(noopX?.P50 ?? double.NaN)} ms.");
        sb.AppendLine();
        sb.AppendLine("At c=32 (queueing on 2 cores dominates; X-Response-Time p50 vs gateway e2e p50):");
        sb.AppendLine();
        foreach (var (pair, result) in r.Results.Where(kv => kv.Key.Concurrency != 1))
        {
            var g = result.Gateway.Summarize();
            var x = result.Gateway.SummarizeInner();
            sb.AppendLine($"- {pair.Transport} c={pair.Concurrency}: e2e p50 {F(g.P50)} ms, X-Response-Time p50 {F(x?.P50 ?? double.NaN)} ms, p99 {F(x?.P99 ?? double.NaN)} ms.");
        }
        sb.AppendLine();

        sb.AppendLine("## CPU per call (µs, from /proc/PID/stat utime+stime over each measured run; 10 ms tick resolution)");
        sb.AppendLine();
        sb.AppendLine("All processes share the same 2 CPUs, so when the machine is saturated (c=32) throughput follows the total CPU per call.");
        sb.AppendLine();
        sb.AppendLine("| transport | c | path | client | gateway | upstream | total | total ratio |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var (pair, result) in r.Results)
        {
            double Total(Sample s) => new[] { "client", "gateway", "upstream" }.Select(s.CpuMicrosPerCall).Where(v => !double.IsNaN(v)).Sum();
            var directTotal = Total(result.Direct);
            foreach (var (name, sample) in new[] { ("direct", result.Direct), ("gateway", result.Gateway) })
            {
                var total = Total(sample);
                sb.AppendLine($"| {pair.Transport} | {pair.Concurrency} | {name} | {F(sample.CpuMicrosPerCall("client"), "0")} | {(name == "direct" ? "–" : F(sample.CpuMicrosPerCall("gateway"), "0"))} | {F(sample.CpuMicrosPerCall("upstream"), "0")} | {F(total, "0")} | {F(total / directTotal, "0.00")}× |");
            }
        }
        sb.AppendLine();

        sb.AppendLine("## Memory (VmRSS, MiB)");
        sb.AppendLine();
        sb.AppendLine("| when | process | RSS MiB |");
        sb.AppendLine("|---|---|---:|");
        foreach (var (when, process, mib) in r.Memory)
        {
            sb.AppendLine($"| {when} | {process} | {(mib is { } m ? F(m, "0.0") : "n/a")} |");
        }
        sb.AppendLine();

        sb.AppendLine("## Start-up (one sample each, for reference)");
        sb.AppendLine();
        sb.AppendLine($"- Direct McpClient connect: HTTP {r.DirectHttpConnect.TotalMilliseconds:0} ms, stdio (spawn + handshake) {r.DirectStdioConnect.TotalMilliseconds:0} ms.");
        sb.AppendLine($"- First gateway call after registration (opens the upstream session): HTTP {r.GatewayFirstHttpCall.TotalMilliseconds:0} ms, stdio {r.GatewayFirstStdioCall.TotalMilliseconds:0} ms.");
        if (r.GatewayStats is { } stats)
        {
            sb.AppendLine($"- Gateway counters at the end: {stats["requests"]?["total"]} routed calls, {stats["requests"]?["errors"]} errors, {stats["requests"]?["retries"]} retries, {stats["upstreams"]?["restarts"]} upstream restarts.");
        }
        return sb.ToString();
    }

    private static string Verdict(bool met, double by, string unit)
        => met ? $"met (margin {F(-by, "0.000")} {unit})" : $"missed by {F(by, "0.000")} {unit}";

    private static double Median(double[] sorted) => sorted.Length == 0 ? double.NaN
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

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

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string Tool(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(10_000);
            return output.Length == 0 ? "?" : output;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "?";
        }
    }
}
