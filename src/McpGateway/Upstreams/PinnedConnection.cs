using System.Text.Json.Nodes;

namespace McpGateway.Upstreams;

/// <summary>An <see cref="UpstreamConnection"/> held for a sequence of requests; <paramref name="release"/> runs once, on dispose.</summary>
internal sealed class PinnedConnection(UpstreamConnection connection, Action? release) : IPinnedUpstream
{
    private Action? _release = release;

    public string InstanceId => connection.Instance.Id;

    public string SubscribeProgress(Action<ProgressUpdate> observer) => connection.SubscribeProgress(observer);

    public void UnsubscribeProgress(string token) => connection.UnsubscribeProgress(token);

    public Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken)
        => connection.SendAsync(method, parameters, timeout, cancellationToken);

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _release, null)?.Invoke();
        return ValueTask.CompletedTask;
    }
}
