using System.Text.Json.Nodes;
using McpGateway.Pool;

namespace McpGateway.Api;

/// <summary>The <c>pools</c> section of <c>/gateway/stats</c>: per stdio instance its processes, load, failures and call times.</summary>
internal static class PoolReport
{
    public static JsonObject Build(StdioProcessPools pools, Func<string, bool> visible)
    {
        var byInstance = new JsonObject();
        foreach (var snapshot in pools.Pools.Where(p => visible(p.Instance.Template)).Select(p => p.Snapshot()).OrderBy(s => s.Instance, StringComparer.Ordinal))
        {
            byInstance[snapshot.Instance] = new JsonObject
            {
                ["processes"] = snapshot.Processes,
                ["starting"] = snapshot.Starting,
                ["busy"] = snapshot.Busy,
                ["in_flight"] = snapshot.InFlight,
                ["queued"] = snapshot.Queued,
                ["min_workers"] = snapshot.MinWorkers,
                ["max_workers"] = snapshot.MaxWorkers,
                ["restarts"] = snapshot.Restarts,
                ["spawn_failures"] = snapshot.SpawnFailures,
                ["recycled"] = snapshot.Recycled,
                ["calls"] = snapshot.Calls,
                ["raw_calls"] = snapshot.RawCalls,
                ["call_ms"] = new JsonObject { ["p50"] = snapshot.P50Ms, ["p95"] = snapshot.P95Ms },
            };
        }
        return new JsonObject
        {
            ["total_processes"] = pools.Budget.Used,
            ["max_total_processes"] = pools.Budget.Limit,
            ["dedicated"] = new JsonObject
            {
                ["processes"] = pools.Dedicated.Count,
                ["started"] = pools.DedicatedStarted,
                ["spawn_failures"] = pools.DedicatedSpawnFailures,
                ["reaped_idle"] = pools.DedicatedReaped,
            },
            ["instances"] = byInstance,
        };
    }
}
