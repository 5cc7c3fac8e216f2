using System.Threading.Channels;
using McpGateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpGateway.Pool;

/// <summary>An open MCP session over a <see cref="WorkerProcess"/>: closing the session stops the process and its whole tree.</summary>
internal sealed class WorkerProcessSession(ITransport inner, WorkerProcess process, ProcessSlot slot) : ITransport, IWrappingTransport
{
    public ITransport Inner => inner;

    public string? SessionId => inner.SessionId;

    public ChannelReader<JsonRpcMessage> MessageReader => inner.MessageReader;

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        => inner.SendMessageAsync(message, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        slot.Clear(process);
        try
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
