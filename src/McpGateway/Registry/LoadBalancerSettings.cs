using System.Text.Json.Serialization;

namespace McpGateway.Registry;

/// <summary>Per-template load-balancer settings, in the original gateway's JSON shape.</summary>
public sealed record LoadBalancerSettings
{
    [JsonPropertyName("strategy")] public string? Strategy { get; init; }
    /// <summary>Seconds between active health probes; null means the gateway default.</summary>
    [JsonPropertyName("health_check_interval")] public int? HealthCheckInterval { get; init; }
    [JsonPropertyName("max_retries")] public int? MaxRetries { get; init; }
    /// <summary>Request timeout in seconds; null means the gateway default.</summary>
    [JsonPropertyName("timeout")] public int? Timeout { get; init; }
}
