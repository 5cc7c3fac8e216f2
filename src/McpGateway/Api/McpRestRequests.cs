using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Api;

public sealed class ToolCallRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public JsonObject? Arguments { get; set; }
    /// <summary>Run as a durable job: answer 202 with the job's status URL at once.</summary>
    [JsonPropertyName("async")] public bool Async { get; set; }
}

public sealed class ToolBatchRequest
{
    [JsonPropertyName("calls")] public List<ToolCallRequest>? Calls { get; set; }
    /// <summary>Most calls of the batch running at once; 0 means no limit beyond the runners' own.</summary>
    [JsonPropertyName("max_parallel")] public int MaxParallel { get; set; }
}

public sealed class ResourceReadRequest
{
    [JsonPropertyName("uri")] public string? Uri { get; set; }
}

public sealed class PromptGetRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public Dictionary<string, string>? Arguments { get; set; }
}
