using System.Security.Claims;

namespace McpGateway.Mcp;

/// <summary>
/// One client request being served: who sends it (authorized for every upstream request it leads to), its session (none for
/// stateless requests), protocol version and response stream.
/// </summary>
internal sealed record McpCall(ClaimsPrincipal Caller, McpSession? Session, string ProtocolVersion, ResponseStream Stream, CancellationToken Cancellation)
{
    public bool IsStateless => McpProtocol.IsStateless(ProtocolVersion);

    /// <summary>The HTTP request said <c>Prefer: respond-async</c> (a 2026-07-28 client may then get a task).</summary>
    public bool PrefersAsync { get; init; }
}
