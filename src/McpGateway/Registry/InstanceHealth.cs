using System.Text.Json.Serialization;

namespace McpGateway.Registry;

/// <summary>Health state of one instance, as persisted and reported.</summary>
public sealed record InstanceHealth
{
    [JsonPropertyName("status")] public string Status { get; init; } = HealthStatus.Unknown;
    [JsonPropertyName("consecutive_failures")] public int ConsecutiveFailures { get; init; }
    [JsonPropertyName("last_check")] public DateTimeOffset? LastCheck { get; init; }
    [JsonPropertyName("last_error")] public string? LastError { get; init; }
    [JsonPropertyName("latency_ms")] public double? LatencyMs { get; init; }
    /// <summary>0-100: an exponentially weighted success rate, lowered by slow answers.</summary>
    [JsonPropertyName("health_score")] public double HealthScore { get; init; } = 100;

    /// <summary>Unknown instances take traffic: a new registration is presumed healthy until proven otherwise.</summary>
    [JsonIgnore] public bool IsRoutable => Status != HealthStatus.Unhealthy;
}

public static class HealthStatus
{
    public const string Unknown = "unknown";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}
