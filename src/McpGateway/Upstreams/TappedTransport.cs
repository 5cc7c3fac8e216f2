using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>An open transport whose incoming messages pass through an <see cref="IUpstreamMessageTap"/>, one at a time, in order.</summary>
internal sealed class TappedTransport : ITransport
{
    private readonly ITransport _inner;
    private readonly IUpstreamMessageTap _tap;
    private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public TappedTransport(ITransport inner, IUpstreamMessageTap tap)
    {
        _inner = inner;
        _tap = tap;
        _ = PumpAsync();
    }

    public string? SessionId => _inner.SessionId;

    public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        => _inner.SendMessageAsync(message, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var message in _inner.MessageReader.ReadAllAsync().ConfigureAwait(false))
            {
                bool consumed;
                try
                {
                    consumed = _tap.OnMessage(message, _inner);
                }
                catch
                {
                    consumed = false;
                }
                if (!consumed)
                {
                    _messages.Writer.TryWrite(message);
                }
            }
            _messages.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _messages.Writer.TryComplete(e);
        }
    }
}
