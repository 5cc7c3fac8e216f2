using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Api;

public sealed class ToolCallRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public JsonObject? Arguments { get; set; }
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
