using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Client;

/// <summary>One call of a batch.</summary>
/// <param name="Name">The tool.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record ToolCall(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("arguments")] JsonObject? Arguments = null);

/// <summary>The gateway accepted a batch: one job per call.</summary>
public sealed record BatchSubmission
{
    /// <summary>The batch's id.</summary>
    [JsonPropertyName("batch_id")] public string BatchId { get; init; } = "";
    /// <summary>Relative URL of the batch's status.</summary>
    [JsonPropertyName("status_url")] public string? StatusUrl { get; init; }
    /// <summary>The jobs, in the order of the calls.</summary>
    [JsonPropertyName("job_ids")] public IReadOnlyList<string> JobIds { get; init; } = [];
    /// <summary>Number of calls.</summary>
    [JsonPropertyName("total")] public int Total { get; init; }
}

/// <summary>A batch's aggregate status and every item.</summary>
public sealed record BatchStatus
{
    /// <summary>The batch's id.</summary>
    [JsonPropertyName("batch_id")] public string BatchId { get; init; } = "";
    /// <summary>The template called.</summary>
    [JsonPropertyName("template")] public string Template { get; init; } = "";
    /// <summary>Number of calls.</summary>
    [JsonPropertyName("total")] public int Total { get; init; }
    /// <summary>Calls finished (any terminal status).</summary>
    [JsonPropertyName("completed")] public int Completed { get; init; }
    /// <summary>True once every call finished.</summary>
    [JsonPropertyName("done")] public bool Done { get; init; }
    /// <summary>Calls per status.</summary>
    [JsonPropertyName("counts")] public IReadOnlyDictionary<string, int> Counts { get; init; } = new Dictionary<string, int>();
    /// <summary>Most calls running at once (0: no limit).</summary>
    [JsonPropertyName("max_parallel")] public int MaxParallel { get; init; }
    /// <summary>Every call's job.</summary>
    [JsonPropertyName("items")] public IReadOnlyList<GatewayJob> Items { get; init; } = [];
}
