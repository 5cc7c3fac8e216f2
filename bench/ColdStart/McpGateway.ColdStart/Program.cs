using System.Globalization;
using McpGateway.Bench.ColdStart;

// Issue-18 cold start: from the exec of the Functions host to the first answered request, for the isolated-worker gateway app
// (GET /gateway/health, then an authenticated GET /gateway/registry) and for an empty isolated app with one anonymous HTTP
// function (GET /ping), both under the same host and storage, alternating runs. Usage (bench/Functions/run.sh passes these):
//   McpGateway.ColdStart --gateway-app DIR --empty-app DIR --host-script run-host.sh [--storage CONNECTION] [--runs N] [--out FILE.md]
var options = ColdStartOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(ColdStartOptions.Usage);
    return 2;
}
const string apiKey = "mgw_coldstart_bench_key_0123456789abcdef";
var common = new Dictionary<string, string>
{
    ["AzureWebJobsStorage"] = options.Storage,
    // The same log settings for both apps: warnings, plus the host's start-up, worker and invocation lines the phases are read from.
    ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
    ["AzureFunctionsJobHost__logging__logLevel__Host.Startup"] = "Information",
    ["AzureFunctionsJobHost__logging__logLevel__Function"] = "Information",
    ["AzureFunctionsJobHost__logging__logLevel__Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcFunctionInvocationDispatcher"] = "Information",
    ["Logging__LogLevel__Default"] = "Warning",
};
var gateway = new ColdStartApp("gateway", options.GatewayApp, "McpGateway.Functions.dll", "/gateway/health", "/gateway/registry",
    new Dictionary<string, string>(common)
    {
        // One host id and one table for every run: each start is a restart of an app whose storage already exists.
        ["AzureFunctionsWebHost__hostid"] = "mcpgw-coldstart-gateway",
        // A task hub of its own per app (the default name is shared by every app on the storage account).
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "ColdStartGateway",
        ["API_KEY"] = apiKey,
        ["LOG_LEVEL"] = "warning",
        ["HealthSweepSchedule"] = "0 */5 * * * *",
        ["McpGateway__TableName"] = "coldstartgateway",
        ["McpGateway__Jobs__TableName"] = "coldstartgatewayjobs",
        ["McpGateway__Auth__RateLimitPerMinute"] = "0",
    });
var empty = new ColdStartApp("empty", options.EmptyApp, "EmptyApp.dll", "/ping", null,
    new Dictionary<string, string>(common) { ["AzureFunctionsWebHost__hostid"] = "mcpgw-coldstart-empty" });

var emptyDurable = options.EmptyDurableApp.Length == 0 ? null : new ColdStartApp("empty+durable", options.EmptyDurableApp, "EmptyDurableApp.dll", "/ping", null,
    new Dictionary<string, string>(common)
    {
        ["AzureFunctionsWebHost__hostid"] = "mcpgw-coldstart-emptydurable",
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "ColdStartEmptyDurable",
    });
// Experiments: the gateway app built another way (e.g. ReadyToRun) or with other settings, with its own host id, tables and task hub.
var variants = options.GatewayVariants.Select((v, i) =>
{
    var environment = new Dictionary<string, string>(gateway.Environment)
    {
        ["AzureFunctionsWebHost__hostid"] = $"mcpgw-coldstart-variant{i}",
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = $"ColdStartVariant{i}",
        ["McpGateway__TableName"] = $"coldstartvariant{i}",
        ["McpGateway__Jobs__TableName"] = $"coldstartvariant{i}jobs",
    };
    foreach (var (key, value) in v.Environment)
    {
        environment[key] = value;
    }
    return gateway with { Name = "gateway: " + v.Label, Directory = v.Directory.Length > 0 ? v.Directory : gateway.Directory, Environment = environment };
});
ColdStartApp[] apps = [gateway, empty, .. emptyDurable is null ? Array.Empty<ColdStartApp>() : [emptyDurable], .. variants];
var runs = apps.ToDictionary(a => a.Name, _ => new List<ColdStartRun>());
var loadStart = ColdStartReport.LoadAverage();
var started = DateTimeOffset.UtcNow;
// One discarded start of each first (creates the storage, fills the file cache).
foreach (var app in apps)
{
    var warm = await ColdStartRun.MeasureAsync(options.HostScript, app, apiKey, LogPath(app.Name, 0));
    Console.Error.WriteLine($"[cold-start] warm-up {app.Name}: ready {warm.Ready:0} ms (discarded)");
}
for (var run = 0; run < options.Runs; run++)
{
    // Every order in turn: the app that follows another one's shutdown changes each run.
    var order = Enumerable.Range(0, apps.Length).Select(i => apps[(i + run) % apps.Length]);
    foreach (var app in run / apps.Length % 2 == 0 ? order : order.Reverse())
    {
        var result = await ColdStartRun.MeasureAsync(options.HostScript, app, apiKey, LogPath(app.Name, run + 1));
        runs[app.Name].Add(result);
        Console.Error.WriteLine($"[cold-start] run {run + 1}/{options.Runs} {app.Name}: worker initialized {result.WorkerInitialized:0} ms, " +
            $"host started {result.HostStarted:0} ms, first invocation {result.FirstInvocationDuration:0} ms, ready {result.Ready:0} ms");
    }
}
var report = ColdStartReport.Render(options, runs, started, loadStart);
Console.WriteLine(report);
if (options.Output.Length > 0)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
    await File.WriteAllTextAsync(options.Output, report);
}
return 0;

string? LogPath(string app, int run)
{
    if (options.Logs.Length == 0)
    {
        return null;
    }
    Directory.CreateDirectory(options.Logs);
    return Path.Combine(options.Logs, $"{app}-{run:00}.log");
}

internal sealed record ColdStartOptions(string GatewayApp, string EmptyApp, string HostScript, string Storage, int Runs, string Output, string Commit, string Logs, string EmptyDurableApp)
{
    /// <summary><c>--gateway-variant "LABEL=DIR[;NAME=VALUE]..."</c>; an empty DIR means the gateway app itself.</summary>
    public List<(string Label, string Directory, Dictionary<string, string> Environment)> GatewayVariants { get; } = [];

    public const string Usage = "usage: McpGateway.ColdStart --gateway-app DIR --empty-app DIR --host-script run-host.sh [--storage CONNECTION] [--runs N] [--out FILE.md] [--commit SHA] [--logs DIR] [--empty-durable-app DIR] [--gateway-variant \"LABEL=[DIR][;NAME=VALUE]...\"]...";

    public static ColdStartOptions? Parse(string[] args)
    {
        var o = new ColdStartOptions("", "", "", Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "", 9, "", "", "", "");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            o = args[i] switch
            {
                "--gateway-app" => o with { GatewayApp = Path.GetFullPath(value) },
                "--empty-app" => o with { EmptyApp = Path.GetFullPath(value) },
                "--host-script" => o with { HostScript = Path.GetFullPath(value) },
                "--storage" => o with { Storage = value },
                "--runs" => o with { Runs = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture)) },
                "--out" => o with { Output = value },
                "--commit" => o with { Commit = value },
                "--logs" => o with { Logs = Path.GetFullPath(value) },
                "--empty-durable-app" => o with { EmptyDurableApp = Path.GetFullPath(value) },
                "--gateway-variant" when value.Contains('=') => AddVariant(o, value),
                _ => throw new ArgumentException($"unknown argument {args[i]}\n{Usage}"),
            };
        }
        static ColdStartOptions AddVariant(ColdStartOptions o, string value)
        {
            var parts = value[(value.IndexOf('=') + 1)..].Split(';');
            var environment = parts.Skip(1).Where(p => p.Contains('=')).ToDictionary(p => p[..p.IndexOf('=')], p => p[(p.IndexOf('=') + 1)..]);
            o.GatewayVariants.Add((value[..value.IndexOf('=')], parts[0].Length > 0 ? Path.GetFullPath(parts[0]) : "", environment));
            return o;
        }
        return args.Length % 2 == 0 && o.GatewayApp.Length > 0 && o.EmptyApp.Length > 0 && o.HostScript.Length > 0 && o.Storage.Length > 0 ? o : null;
    }
}
