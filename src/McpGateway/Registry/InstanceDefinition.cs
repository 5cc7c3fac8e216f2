using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Registry;

/// <summary>One running copy of a template: an HTTP endpoint or a stdio command. Immutable; health lives in <see cref="InstanceHealth"/>.</summary>
public sealed record InstanceDefinition
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("template")] public string Template { get; init; } = "";
    /// <summary><c>http</c> or <c>stdio</c>.</summary>
    [JsonPropertyName("transport")] public string Transport { get; init; } = InstanceTransports.Http;
    [JsonPropertyName("endpoint")] public string? Endpoint { get; init; }
    [JsonPropertyName("command")] public string? Command { get; init; }
    [JsonPropertyName("args")] public IReadOnlyList<string>? Args { get; init; }
    [JsonPropertyName("env")] public IReadOnlyDictionary<string, string>? Env { get; init; }
    [JsonPropertyName("working_dir")] public string? WorkingDir { get; init; }
    [JsonPropertyName("weight")] public int Weight { get; init; } = 1;
    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; init; }
    /// <summary>Pins the MCP protocol version spoken to this instance (e.g. <c>2025-11-25</c>); null lets the SDK negotiate.</summary>
    [JsonPropertyName("protocol_version")] public string? ProtocolVersion { get; init; }

    /// <summary>stdio only: processes kept warm in this instance's pool (default <c>MIN_WORKERS</c>).</summary>
    [JsonPropertyName("min_workers")] public int? MinWorkers { get; init; }
    /// <summary>stdio only: most processes in this instance's pool (default <c>MAX_WORKERS</c>).</summary>
    [JsonPropertyName("max_workers")] public int? MaxWorkers { get; init; }

    [JsonIgnore] public string Key => Template + "/" + Id;
}

public static class InstanceTransports
{
    public const string Http = "http";
    public const string Stdio = "stdio";
}
