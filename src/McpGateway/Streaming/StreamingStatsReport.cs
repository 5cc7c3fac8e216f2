using System.Text.Json.Nodes;
using McpGateway.Registry;

namespace McpGateway.Streaming;

/// <summary>
/// <c>GET /stats</c> in the original streaming gateway's terms: the registered instances are its worker pool
/// (<c>pool</c> totals and one entry per <c>workers</c>), followed by the gateway statistics and the streaming counters.
/// </summary>
internal static class StreamingStatsReport
{
    public static JsonObject Build(JsonObject gatewayStats, GatewayRegistry registry, StreamingStats streaming, Func<string, bool> visible)
    {
        var workers = new JsonArray();
        int total = 0, healthy = 0, busy = 0, active = 0;
        foreach (var template in registry.Templates.Where(t => visible(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var instance in template.Instances)
            {
                total++;
                healthy += instance.Health.IsRoutable ? 1 : 0;
                busy += instance.ActiveRequests > 0 ? 1 : 0;
                active += instance.ActiveRequests;
                workers.Add(new JsonObject
                {
                    ["id"] = instance.Id,
                    ["template"] = template.Name,
                    ["transport"] = instance.Definition.Transport,
                    ["status"] = instance.Health.Status,
                    ["active_requests"] = instance.ActiveRequests,
                    ["total_requests"] = instance.TotalRequests,
                    ["failed_requests"] = instance.FailedRequests,
                });
            }
        }
        var report = new JsonObject
        {
            ["pool"] = new JsonObject
            {
                ["workers"] = total,
                ["healthy"] = healthy,
                ["busy"] = busy,
                ["idle"] = total - busy,
                ["active_requests"] = active,
            },
            ["workers"] = workers,
        };
        foreach (var (key, value) in gatewayStats.ToList())
        {
            gatewayStats.Remove(key);
            report[key] = value;
        }
        report["streaming"] = streaming.Snapshot();
        return report;
    }
}
