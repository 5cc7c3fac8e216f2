using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>Wraps a client transport so that an <see cref="IUpstreamMessageTap"/> sees incoming messages first.</summary>
internal sealed class TappedClientTransport(IClientTransport inner, IUpstreamMessageTap tap) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
        => new TappedTransport(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false), tap);
}
