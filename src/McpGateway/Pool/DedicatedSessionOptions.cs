using McpGateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpGateway.Pool;

/// <summary>
/// How a dedicated process's session is opened: pinned protocol version, client capabilities to declare, a tap for
/// server-to-client messages, an idle timeout (default <c>McpGateway:Pool:DedicatedIdleSeconds</c>), and the principal it
/// is for (<see cref="Owner"/>, counted against <c>McpGateway:Pool:MaxDedicatedPerPrincipal</c>; null: not counted).
/// </summary>
public sealed record DedicatedSessionOptions(string? ProtocolVersion = null, ClientCapabilities? Capabilities = null, IUpstreamMessageTap? Tap = null,
    TimeSpan? IdleTimeout = null, string? Owner = null);
