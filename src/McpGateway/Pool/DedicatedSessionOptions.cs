using McpGateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpGateway.Pool;

/// <summary>How a dedicated process's session is opened: pinned protocol version, client capabilities to declare, a tap for server-to-client messages.</summary>
public sealed record DedicatedSessionOptions(string? ProtocolVersion = null, ClientCapabilities? Capabilities = null, IUpstreamMessageTap? Tap = null,
    TimeSpan? IdleTimeout = null);
