using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using McpGateway.Bench;
using McpGateway.Bench.Functions;

namespace McpGateway.Bench.ColdStart;

/// <summary>One app under test: its built folder, the worker's assembly name, the request that counts as its first answer.</summary>
public sealed record ColdStartApp(string Name, string Directory, string WorkerMarker, string ReadyPath, string? AuthenticatedPath,
    IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// One cold start, all times in ms after the exec of the host: the host's own milestones from its log (line arrival times), the
/// worker's exec (from /proc), the first answer of any status to the ready path, the first 200, and for the gateway the first 200
/// of an authenticated REST call after it.
/// </summary>
public sealed record ColdStartRun(
    double HostListening,
    double HostInitializing,
    double WorkerExec,
    double WorkerInitialized,
    double HostStarted,
    double FirstInvocationStarted,
    double FirstInvocationDuration,
    double FirstAnswer,
    double Ready,
    double Authenticated,
    int FirstStatus)
{
    private static readonly Regex Duration = new(@"Duration=(\d+)ms", RegexOptions.Compiled);

    public static async Task<ColdStartRun> MeasureAsync(string hostScript, ColdStartApp app, string? apiKey, string? logPath)
    {
        var port = Ports.Free();
        await using var host = FunctionsHostProcess.Start(hostScript, app.Directory, port, app.Environment);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (firstAnswer, firstStatus, ready) = await PollAsync(http, host, app.ReadyPath);
        var authenticated = double.NaN;
        if (app.AuthenticatedPath is { } path)
        {
            authenticated = await host.WaitForAsync(http, path, HttpStatusCode.OK, TimeSpan.FromSeconds(60), apiKey);
        }
        var worker = host.WorkerId(app.WorkerMarker);
        // The first invocation's "Executed" line can trail the answer by a few ms.
        var executed = await LineAsync(host, "Executed 'Functions.");
        var duration = executed is { } line && Duration.Match(line.Next + line.Line) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        if (logPath is not null)
        {
            host.WriteLog(logPath);
        }
        return new ColdStartRun(
            host.FirstLineAt("Now listening on:"),
            host.FirstLineAt("Initializing Host."),
            worker > 0 ? host.StartedAfterHostMs(worker) : double.NaN,
            host.FirstLineAt("Worker process started and initialized."),
            host.FirstLineAt("Host started ("),
            host.FirstLineAt("Executing 'Functions."),
            duration,
            firstAnswer,
            ready,
            authenticated,
            firstStatus);
    }

    private static async Task<(double AtMs, string Line, string Next)?> LineAsync(FunctionsHostProcess host, string text)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        while (true)
        {
            if (host.FirstLine(text) is { } line && line.Next.Length > 0)
            {
                return line;
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return host.FirstLine(text);
            }
            await Task.Delay(10);
        }
    }

    /// <summary>Polls every 10 ms: when the first answer of any status came, its status, and when the first 200 came.</summary>
    private static async Task<(double FirstAnswer, int FirstStatus, double Ready)> PollAsync(HttpClient http, FunctionsHostProcess host, string path)
    {
        var url = new Uri(host.BaseAddress, path);
        var firstAnswer = double.NaN;
        var firstStatus = 0;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (true)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"the Functions host exited before {path} answered:\n{host.Tail()}");
            }
            try
            {
                using var response = await http.GetAsync(url);
                var at = host.ElapsedMs;
                if (double.IsNaN(firstAnswer))
                {
                    (firstAnswer, firstStatus) = (at, (int)response.StatusCode);
                }
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (firstAnswer, firstStatus, at);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{url} did not answer 200 within 120 s:\n{host.Tail()}");
            }
            await Task.Delay(10);
        }
    }
}
