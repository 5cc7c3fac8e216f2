using System.Text.Json.Nodes;
using McpGateway.Diagnostics;
using McpGateway.Health;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Upstreams;

namespace McpGateway.Api;

internal static class StatsReport
{
    public static JsonObject Build(GatewayRegistry registry, GatewayStats stats, HealthSweep sweep, UpstreamConnections connections,
        Pool.StdioProcessPools pools, GatewayOptions options, TimeProvider time, Func<string, bool> visible)
    {
        var (average, p50, p95) = stats.Latency();
        var requests = stats.Requests;
        var distribution = new JsonObject();
        foreach (var template in registry.Templates.Where(t => visible(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var total = template.Instances.Sum(i => i.TotalRequests);
            var instances = new JsonObject();
            foreach (var instance in template.Instances)
            {
                instances[instance.Id] = new JsonObject
                {
                    ["requests"] = instance.TotalRequests,
                    ["failed"] = instance.FailedRequests,
                    ["active"] = instance.ActiveRequests,
                    ["share"] = total == 0 ? 0 : Math.Round((double)instance.TotalRequests / total, 4),
                    ["status"] = instance.Health.Status,
                };
            }
            distribution[template.Name] = instances;
        }
        var upstreams = connections.All;
        return new JsonObject
        {
            ["uptime_seconds"] = Math.Round((time.GetUtcNow() - stats.Started).TotalSeconds, 1),
            ["requests"] = new JsonObject
            {
                ["total"] = requests,
                ["errors"] = stats.Errors,
                ["error_rate"] = requests == 0 ? 0 : Math.Round((double)stats.Errors / requests, 4),
                ["retries"] = stats.Retries,
            },
            ["latency_ms"] = new JsonObject { ["average"] = average, ["p50"] = p50, ["p95"] = p95 },
            ["load_distribution"] = distribution,
            ["upstreams"] = new JsonObject
            {
                ["connections"] = upstreams.Count,
                ["connected"] = upstreams.Count(c => c.IsConnected),
                ["restarts"] = upstreams.Sum(c => c.Restarts),
            },
            ["pools"] = PoolReport.Build(pools, visible),
            ["health_checker"] = new JsonObject
            {
                ["enabled"] = options.EnableBackgroundHealthChecks,
                ["interval_seconds"] = options.HealthIntervalSeconds,
                ["timeout_seconds"] = options.HealthTimeoutSeconds,
                ["unhealthy_threshold"] = options.UnhealthyThreshold,
                ["sweeps"] = sweep.Sweeps,
                ["probes"] = sweep.Probes,
                ["probe_failures"] = sweep.ProbeFailures,
                ["last_sweep"] = sweep.LastSweep?.ToString("O"),
            },
        };
    }
}
