using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Registry;

/// <summary>The registry file and <c>GET /gateway/registry</c> shape: <c>{"templates": {"&lt;name&gt;": {"instances": [...], "load_balancer": {...}}}}</c>.</summary>
public sealed class RegistryDocument
{
    [JsonPropertyName("templates")] public Dictionary<string, RegistryDocumentTemplate> Templates { get; set; } = [];
}

public sealed class RegistryDocumentTemplate
{
    [JsonPropertyName("instances")] public List<InstanceRegistration> Instances { get; set; } = [];
    [JsonPropertyName("load_balancer")] public LoadBalancerSettings? LoadBalancer { get; set; }
}

/// <summary>One instance as written by a user (file or <c>POST /gateway/register</c>); the transport is inferred when absent.</summary>
public sealed class InstanceRegistration
{
    [JsonPropertyName("template")] public string? Template { get; set; }
    [JsonPropertyName("template_name")] public string? TemplateName { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("transport")] public string? Transport { get; set; }
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }
    [JsonPropertyName("command")] public string? Command { get; set; }
    [JsonPropertyName("args")] public List<string>? Args { get; set; }
    [JsonPropertyName("env")] public Dictionary<string, string>? Env { get; set; }
    [JsonPropertyName("working_dir")] public string? WorkingDir { get; set; }
    [JsonPropertyName("weight")] public int? Weight { get; set; }
    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; set; }
    [JsonPropertyName("protocol_version")] public string? ProtocolVersion { get; set; }
    [JsonPropertyName("min_workers")] public int? MinWorkers { get; set; }
    [JsonPropertyName("max_workers")] public int? MaxWorkers { get; set; }
    [JsonPropertyName("load_balancer")] public LoadBalancerSettings? LoadBalancer { get; set; }

    /// <summary>Builds the definition; a missing id becomes <c>{template}-{short random}</c>.</summary>
    public InstanceDefinition ToDefinition(string? template = null)
    {
        var name = template ?? Template ?? TemplateName
            ?? throw Api.GatewayException.BadRequest("Missing template", "'template' is required: the name of the MCP server kind, e.g. 'filesystem'.");
        var transport = Transport?.ToLowerInvariant()
            ?? (Command is not null ? InstanceTransports.Stdio : InstanceTransports.Http);
        if (Command is not null && Endpoint is not null)
        {
            throw Api.GatewayException.BadRequest("Ambiguous instance", "Give either 'endpoint' (HTTP) or 'command' (stdio), not both.");
        }
        if (Command is null && Endpoint is null)
        {
            throw Api.GatewayException.BadRequest("Missing endpoint or command", "An instance needs 'endpoint' (an HTTP MCP server URL) or 'command' (a stdio MCP server).");
        }
        return new InstanceDefinition
        {
            Template = name,
            Id = Id ?? $"{name}-{Guid.NewGuid().ToString("N")[..8]}",
            Transport = transport,
            Endpoint = Endpoint,
            Command = Command,
            Args = Args,
            Env = Env,
            WorkingDir = WorkingDir,
            Weight = Weight ?? 1,
            Metadata = Metadata,
            ProtocolVersion = ProtocolVersion,
            MinWorkers = MinWorkers,
            MaxWorkers = MaxWorkers,
        };
    }
}
