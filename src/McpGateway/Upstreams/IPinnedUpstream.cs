using System.Text.Json.Nodes;

namespace McpGateway.Upstreams;

/// <summary>
/// One MCP session of an instance held for a sequence of requests that must all reach it (an upstream task: its
/// <c>tools/call</c>, then <c>tasks/get</c>, <c>tasks/result</c>, <c>tasks/cancel</c>). For a pool, one process kept busy
/// (so it is neither reaped nor recycled) until disposed; for a single connection, that connection.
/// </summary>
public interface IPinnedUpstream : IAsyncDisposable
{
    string InstanceId { get; }

    /// <summary>
    /// A progress token of the gateway's own on this session: every <c>notifications/progress</c> carrying it goes to
    /// <paramref name="observer"/> until <see cref="UnsubscribeProgress"/> (a task's progress outlives its creating request).
    /// </summary>
    string SubscribeProgress(Action<ProgressUpdate> observer);

    void UnsubscribeProgress(string token);

    Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken);
}
