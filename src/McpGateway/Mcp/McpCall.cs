namespace McpGateway.Mcp;

/// <summary>One client request being served: its session (none for stateless requests), protocol version and response stream.</summary>
internal sealed record McpCall(McpSession? Session, string ProtocolVersion, ResponseStream Stream, CancellationToken Cancellation)
{
    public bool IsStateless => McpProtocol.IsStateless(ProtocolVersion);
}
