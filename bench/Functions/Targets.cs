using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Bench.Functions;

/// <summary>
/// What the scenarios call, started once per run: the upstream (the C# test server over Streamable HTTP), the standalone gateway
/// (Release build, embedded SQLite store) and the isolated-worker app under the Functions host (Table store and queue on
/// Azurite). Both gateways authenticate with the same admin API key and have the per-caller rate limit off; the same upstream
/// is registered in both as template <see cref="Template"/>.
/// </summary>
internal sealed class Targets : IAsyncDisposable
{
    public const string ApiKey = "mgw-functions-bench-key-0123456789abcdef";
    public const string Template = "bench-http";

    private Targets(ChildProcess upstream, Uri upstreamMcp, GatewayHost standalone, FunctionsHostProcess functions)
    {
        Upstream = upstream;
        UpstreamMcp = upstreamMcp;
        Standalone = standalone;
        Functions = functions;
        StandaloneHttp = Client();
        FunctionsHttp = Client();
    }

    public ChildProcess Upstream { get; }
    public Uri UpstreamMcp { get; }
    public GatewayHost Standalone { get; }
    public HttpClient StandaloneHttp { get; }
    public FunctionsHostProcess Functions { get; }
    public HttpClient FunctionsHttp { get; }
    /// <summary>Host exec to the first 200 of /gateway/health (with the bench's own build and start load around it).</summary>
    public double FunctionsStartMs { get; private set; }

    public static async Task<Targets> StartAsync(FunctionsOptions o, Action<string> log)
    {
        var upstreamPort = Ports.Free();
        var spec = UpstreamSpec.For("testserver", o.Repo, upstreamPort);
        var upstream = ChildProcess.Start(spec.HttpFile, spec.HttpArgs, new Dictionary<string, string>(spec.HttpEnv), o.Repo);
        await Ports.WaitUntilListeningAsync(upstreamPort, TimeSpan.FromSeconds(60), upstream);
        var upstreamMcp = new Uri($"http://127.0.0.1:{upstreamPort}{spec.HttpPath}");
        log($"upstream pid {upstream.Id} on {upstreamMcp}");

        var standalone = await GatewayHost.StartAsync(o.Repo, new Dictionary<string, string>
        {
            // The default (authentication on), with the same admin key the Functions app gets.
            ["McpGateway__Auth__Enabled"] = "true",
            ["API_KEY"] = ApiKey,
        });
        log($"standalone gateway pid {standalone.Process.Id} on {standalone.Uri}");

        var port = Ports.Free();
        var functions = FunctionsHostProcess.Start(o.HostScript, o.App, port, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = o.Storage,
            ["AzureFunctionsWebHost__hostid"] = "mcpgw-bench-functions",
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "BenchFunctions",
            ["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning",
            ["API_KEY"] = ApiKey,
            ["LOG_LEVEL"] = "warning",
            ["HealthSweepSchedule"] = "0 */5 * * * *",
            ["McpGateway__TableName"] = "benchfunctions",
            ["McpGateway__Jobs__TableName"] = "benchfunctionsjobs",
            ["McpGateway__Jobs__QueueName"] = "bench-functions-jobs",
            ["McpGateway__Auth__RateLimitPerMinute"] = "0",
        });
        var targets = new Targets(upstream, upstreamMcp, standalone, functions);
        try
        {
            var ready = await functions.WaitForAsync(targets.FunctionsHttp, "/gateway/health", HttpStatusCode.OK, TimeSpan.FromSeconds(180));
            log($"Functions host pid {functions.Id} on {functions.BaseAddress}, /gateway/health 200 after {ready / 1000:0.0} s");
            targets.FunctionsStartMs = ready;
            foreach (var (http, uri) in new[] { (targets.StandaloneHttp, standalone.Uri), (targets.FunctionsHttp, functions.BaseAddress) })
            {
                await RegisterAsync(http, uri, upstreamMcp);
            }
            return targets;
        }
        catch
        {
            await targets.DisposeAsync();
            throw;
        }
    }

    /// <summary>A keep-alive client with the admin key (the shared bench handler settings).</summary>
    public static HttpClient Client()
    {
        var http = GatewayHost.NewHttpClient();
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return http;
    }

    private static async Task RegisterAsync(HttpClient http, Uri gateway, Uri upstream)
    {
        var body = new JsonObject { ["template"] = Template, ["id"] = Template + "-1", ["endpoint"] = upstream.ToString() };
        using var response = await http.PostAsJsonAsync(new Uri(gateway, "/gateway/register"), body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register on {gateway} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        // The first call opens the gateway's session to the upstream.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (true)
        {
            using var call = await http.PostAsJsonAsync(new Uri(gateway, $"/mcp/{Template}/tools/call"),
                new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "first" } });
            if (call.IsSuccessStatusCode)
            {
                return;
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"first call on {gateway} failed: {(int)call.StatusCode} {await call.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        StandaloneHttp.Dispose();
        FunctionsHttp.Dispose();
        await Functions.DisposeAsync();
        Standalone.Dispose();
        Upstream.Dispose();
    }
}
