using System.Text.Json.Serialization;

namespace McpGateway.Jobs;

/// <summary>A fan-out of tool calls, each its own job.</summary>
public sealed record BatchRecord
{
    [JsonPropertyName("batch_id")] public string Id { get; init; } = "";
    [JsonPropertyName("template")] public string Template { get; init; } = "";
    [JsonPropertyName("job_ids")] public IReadOnlyList<string> JobIds { get; init; } = [];
    [JsonPropertyName("max_parallel")] public int MaxParallel { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("owner")] public string? Owner { get; init; }
}
