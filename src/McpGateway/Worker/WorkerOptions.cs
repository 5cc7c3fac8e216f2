using McpGateway.Registry;

namespace McpGateway.Worker;

/// <summary>Settings of the worker mode (section <c>McpGateway:Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "McpGateway:Worker";

    /// <summary>The registry file whose stdio templates this worker hosts (set from <c>MCP_GATEWAY_REGISTRY_FILE</c> in worker mode).</summary>
    public string? TemplatesFile { get; set; }
    /// <summary>The base URL gateways reach this worker at; each template is registered at <c>{PublicUrl}/mcp/{template}</c>.</summary>
    public string? PublicUrl { get; set; }
    /// <summary>This worker's name in instance ids (<c>worker-{name}-{template}</c>); the machine (replica) name by default.</summary>
    public string? Name { get; set; }
    /// <summary>Seconds between heartbeats; a registration whose heartbeat is older than three of these is removed by any gateway.</summary>
    public double HeartbeatSeconds { get; set; } = 15;
    /// <summary>The MCP protocol version gateways pin when they connect to this worker.</summary>
    public string ProtocolVersion { get; set; } = "2025-11-25";

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return "McpGateway:Worker:PublicUrl (McpGateway__Worker__PublicUrl) must be the absolute http(s) URL gateways reach this worker at, e.g. https://mcp-workers.<env>.azurecontainerapps.io.";
        }
        if (string.IsNullOrWhiteSpace(TemplatesFile))
        {
            yield return "The worker mode needs MCP_GATEWAY_REGISTRY_FILE (or McpGateway:Worker:TemplatesFile): the registry file with the stdio templates to host.";
        }
        if (HeartbeatSeconds is < 0.1 or > 3600)
        {
            yield return "McpGateway:Worker:HeartbeatSeconds must be between 0.1 and 3600.";
        }
    }

    /// <summary><c>worker-{name}-{template}</c> as a valid instance id (lowercased, other characters replaced, shortened with a hash if long).</summary>
    public string InstanceId(string template)
    {
        var name = new string((Name ?? Environment.MachineName).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        var id = $"worker-{(name.Length == 0 ? "unnamed" : name)}-{template}";
        if (id.Length > Names.MaxLength)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..8];
            id = $"worker-{hash}-{template}";
            id = id.Length > Names.MaxLength ? id[..Names.MaxLength].TrimEnd('-', '_') : id;
        }
        return id;
    }
}
