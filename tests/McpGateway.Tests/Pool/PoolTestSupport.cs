using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Pool;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Pool;

/// <summary>Gateways with fast pool maintenance and short idle timeouts, and helpers to look at their pools.</summary>
internal static class PoolTestSupport
{
    public static Task<GatewayHost> StartGatewayAsync(int min = 2, int max = 8, double idleSeconds = 1, double dedicatedIdleSeconds = 300,
        int maxTotal = 64, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["McpGateway:Pool:MinWorkers"] = min.ToString(),
            ["McpGateway:Pool:MaxWorkers"] = max.ToString(),
            ["McpGateway:Pool:MaxTotalWorkers"] = maxTotal.ToString(),
            ["McpGateway:Pool:IdleSeconds"] = idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["McpGateway:Pool:DedicatedIdleSeconds"] = dedicatedIdleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["McpGateway:Pool:MaintenanceIntervalMilliseconds"] = "100",
            ["McpGateway:RequestTimeoutSeconds"] = "60",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return GatewayHost.StartAsync(settings);
    }

    public static StdioProcessPool Pool(this GatewayHost gateway, string instanceId)
        => gateway.Get<StdioProcessPools>().Pools.Single(p => p.Instance.Id == instanceId);

    public static JsonObject TinyStdio(string template, string id, string marker) => new()
    {
        ["template"] = template,
        ["id"] = id,
        ["command"] = "python3",
        ["args"] = new JsonArray(ProcessScan.TinyServer, marker),
    };

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }
            await Task.Delay(50);
        }
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;
}
