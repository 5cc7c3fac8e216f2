using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>Wraps a client transport to learn the session transport it opens (the MCP client does not expose it).</summary>
internal sealed class ObservedClientTransport(IClientTransport inner, Action<ITransport> connected) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var transport = await inner.ConnectAsync(cancellationToken).ConfigureAwait(false);
        connected(transport);
        return transport;
    }
}
