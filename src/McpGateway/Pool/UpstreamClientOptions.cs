using McpGateway.Hosting;
using McpGateway.Registry;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Pool;

/// <summary>The MCP client settings of a pooled or dedicated process (the same as <see cref="Upstreams.UpstreamConnections"/> uses).</summary>
internal static class UpstreamClientOptions
{
    public static McpClientOptions For(InstanceDefinition instance, GatewayOptions options, ClientCapabilities? capabilities = null) => new()
    {
        ClientInfo = new Implementation { Name = "mcp-gateway", Version = GatewayInfo.Version },
        ProtocolVersion = instance.ProtocolVersion,
        InitializationTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        Capabilities = capabilities,
    };

    public static TimeSpan ConnectTimeout(GatewayOptions options) => TimeSpan.FromSeconds(Math.Max(options.HealthTimeoutSeconds, 5) * 3);
}
