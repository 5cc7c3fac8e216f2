using System.Text.Json.Nodes;
using McpGateway.Registry;

namespace McpGateway.Api;

/// <summary>The original gateway's template health shape.</summary>
internal static class HealthReport
{
    public static JsonObject ForTemplate(TemplateState template)
    {
        var instances = new JsonObject();
        var healthy = 0;
        foreach (var instance in template.Instances)
        {
            var health = instance.Health;
            var isHealthy = health.IsRoutable;
            healthy += isHealthy ? 1 : 0;
            instances[instance.Id] = new JsonObject
            {
                ["healthy"] = isHealthy,
                ["status"] = health.Status,
                ["transport"] = instance.Definition.Transport,
                ["consecutive_failures"] = health.ConsecutiveFailures,
                ["last_check"] = health.LastCheck?.ToString("O"),
                ["last_error"] = health.LastError,
                ["latency_ms"] = health.LatencyMs,
                ["health_score"] = health.HealthScore,
                ["active_requests"] = instance.ActiveRequests,
            };
        }
        var total = template.Instances.Count;
        return new JsonObject
        {
            ["template_name"] = template.Name,
            ["total_instances"] = total,
            ["healthy_instances"] = healthy,
            ["health_percentage"] = total == 0 ? 0 : Math.Round(100.0 * healthy / total, 1),
            ["instances"] = instances,
        };
    }
}
