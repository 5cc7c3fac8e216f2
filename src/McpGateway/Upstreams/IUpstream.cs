using System.Text.Json.Nodes;
using McpGateway.Registry;

namespace McpGateway.Upstreams;

/// <summary>
/// What the router and the health sweep send to: one MCP session (<see cref="UpstreamConnection"/>) or a pool of stdio processes
/// (<see cref="Pool.StdioProcessPool"/>). Failures are <see cref="UpstreamException"/>s classified by <see cref="UpstreamFailureKind"/>.
/// </summary>
public interface IUpstream : IAsyncDisposable
{
    InstanceDefinition Instance { get; }

    /// <summary>How many times a session (or a pooled process) was re-established after it was lost.</summary>
    long Restarts { get; }

    bool IsConnected { get; }

    /// <summary>The protocol version negotiated with the instance, once connected.</summary>
    string? NegotiatedProtocolVersion { get; }

    /// <summary>Connects (or starts a process) if nothing is connected yet. Failures are <see cref="UpstreamFailureKind.NotReached"/>.</summary>
    Task EnsureConnectedAsync(CancellationToken cancellationToken);

    /// <summary>An open MCP session (for a pool, one of its live processes), e.g. to read the server's capabilities and info.</summary>
    Task<ModelContextProtocol.Client.McpClient> GetClientAsync(CancellationToken cancellationToken);

    Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken);

    Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, Action<ProgressUpdate>? onProgress, CancellationToken cancellationToken);

    /// <summary>
    /// Holds one session (for a pool, one process, waited for within <paramref name="timeout"/>) for requests that must all reach
    /// it, until the result is disposed. Failures are <see cref="UpstreamFailureKind.NotReached"/>.
    /// </summary>
    Task<IPinnedUpstream> PinAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
