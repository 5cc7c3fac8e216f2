using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

// Cold start in custom-handler mode: exec of the packaged executable to its first answered request, as the Functions host
// measures readiness (any HTTP answer to GET /), against an empty ASP.NET Core app published the same way, alternating
// runs so both see the same machine state. Usage:
//   McpGateway.ColdStart --gateway EXE --empty EXE [--runs N] [--env NAME=VALUE]... [--out FILE.md]
var gateway = "";
var empty = "";
var runs = 15;
var output = "";
var environment = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--gateway": gateway = args[++i]; break;
        case "--empty": empty = args[++i]; break;
        case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
        case "--env":
            var pair = args[++i];
            environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 1;
    }
}

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var results = new Dictionary<string, List<(double Ready, double Health)>> { ["gateway"] = [], ["empty"] = [] };
// One discarded warm-up of each (file cache).
await MeasureAsync(gateway, health: true);
await MeasureAsync(empty, health: false);
for (var run = 0; run < runs; run++)
{
    foreach (var (name, exe) in run % 2 == 0 ? new[] { ("gateway", gateway), ("empty", empty) } : new[] { ("empty", empty), ("gateway", gateway) })
    {
        results[name].Add(await MeasureAsync(exe, health: name == "gateway"));
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

var gatewayReady = Median(results["gateway"].Select(r => r.Ready));
var gatewayHealth = Median(results["gateway"].Select(r => r.Health));
var emptyReady = Median(results["empty"].Select(r => r.Ready));
var report = string.Join('\n',
[
    $"# Cold start, custom-handler mode ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {runs} alternating runs each)",
    "",
    "| app | median exec → first answer to GET / (ms) | min | max |",
    "|---|---:|---:|---:|",
    $"| empty ASP.NET Core app | {emptyReady:0.0} | {results["empty"].Min(r => r.Ready):0.0} | {results["empty"].Max(r => r.Ready):0.0} |",
    $"| McpGateway (Functions mode, Table store on Azurite) | {gatewayReady:0.0} | {results["gateway"].Min(r => r.Ready):0.0} | {results["gateway"].Max(r => r.Ready):0.0} |",
    $"| McpGateway, first answer to GET /gateway/health | {gatewayHealth:0.0} | {results["gateway"].Min(r => r.Health):0.0} | {results["gateway"].Max(r => r.Health):0.0} |",
    "",
    $"Ratio gateway / empty (readiness): **{gatewayReady / emptyReady:0.00}×** (goal ≤ 1.25×).",
    "",
]);
Console.WriteLine(report);
if (output.Length > 0)
{
    await File.WriteAllTextAsync(output, report);
}
return 0;

async Task<(double Ready, double Health)> MeasureAsync(string exe, bool health)
{
    var port = FreePort();
    var info = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(exe))! };
    info.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
    foreach (var (key, value) in environment)
    {
        info.Environment[key] = value;
    }
    var started = Stopwatch.GetTimestamp();
    using var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    try
    {
        var ready = await FirstAnswerAsync($"http://127.0.0.1:{port}/", started, process);
        var healthy = health ? await FirstAnswerAsync($"http://127.0.0.1:{port}/gateway/health", started, process) : ready;
        return (ready, healthy);
    }
    finally
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}

async Task<double> FirstAnswerAsync(string url, long started, Process process)
{
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
    while (Stopwatch.GetTimestamp() < deadline)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}");
        }
        try
        {
            using var response = await http.GetAsync(url);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Task.Delay(2);
        }
    }
    throw new TimeoutException(url);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
