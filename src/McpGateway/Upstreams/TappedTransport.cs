using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// An open transport whose incoming messages pass through an <see cref="IUpstreamMessageTap"/>, one at a time, in order.
/// The tap runs inside the reader's own read (no pump, no second channel), so a message costs no extra thread hop.
/// </summary>
internal sealed class TappedTransport(ITransport inner, IUpstreamMessageTap tap) : ITransport, IWrappingTransport
{
    public ITransport Inner => inner;

    private readonly TappedReader _reader = new(inner, tap);

    public string? SessionId => inner.SessionId;

    public ChannelReader<JsonRpcMessage> MessageReader => _reader;

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        => inner.SendMessageAsync(message, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Reads the inner transport's messages and hides those the tap consumes; meant for the session's single reader.</summary>
    private sealed class TappedReader(ITransport transport, IUpstreamMessageTap tap) : ChannelReader<JsonRpcMessage>
    {
        private readonly ChannelReader<JsonRpcMessage> _inner = transport.MessageReader;

        public override Task Completion => _inner.Completion;

        public override bool TryRead([MaybeNullWhen(false)] out JsonRpcMessage item)
        {
            while (_inner.TryRead(out var message))
            {
                bool consumed;
                try
                {
                    consumed = tap.OnMessage(message, transport);
                }
                catch
                {
                    consumed = false;
                }
                if (!consumed)
                {
                    item = message;
                    return true;
                }
            }
            item = null;
            return false;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
            => _inner.WaitToReadAsync(cancellationToken);
    }
}
