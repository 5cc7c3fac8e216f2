using McpGateway.Registry;
using ModelContextProtocol.Client;

namespace McpGateway.Upstreams;

/// <summary>Creates the MCP client transport for one instance; one implementation per transport name.</summary>
public interface IUpstreamTransportFactory
{
    /// <summary><c>http</c> or <c>stdio</c>.</summary>
    string Transport { get; }

    IClientTransport Create(InstanceDefinition instance);
}
