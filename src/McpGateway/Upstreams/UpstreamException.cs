using McpGateway.Api;

namespace McpGateway.Upstreams;

/// <summary>A failed upstream call, classified by <see cref="UpstreamFailureKind"/>.</summary>
public sealed class UpstreamException : GatewayException
{
    public UpstreamException(UpstreamFailureKind kind, string instanceId, string detail, int? mcpErrorCode = null, Exception? inner = null)
        : base(StatusFor(kind), TitleFor(kind), detail, "https://mcpgateway.dev/errors/upstream-" + kind.ToString().ToLowerInvariant())
    {
        Kind = kind;
        InstanceId = instanceId;
        McpErrorCode = mcpErrorCode;
        Extensions["instance_id"] = instanceId;
        Extensions["may_have_executed"] = MayHaveExecuted;
        if (mcpErrorCode is not null)
        {
            Extensions["mcp_error_code"] = mcpErrorCode;
        }
        InnerCause = inner;
    }

    public UpstreamFailureKind Kind { get; }

    /// <summary>The request may have run on the instance (it was sent and then the answer was lost or late).</summary>
    public bool MayHaveExecuted => Kind is UpstreamFailureKind.MayHaveExecuted or UpstreamFailureKind.Timeout;
    public string InstanceId { get; }
    public int? McpErrorCode { get; }
    public Exception? InnerCause { get; }

    private static int StatusFor(UpstreamFailureKind kind) => kind switch
    {
        UpstreamFailureKind.Timeout => 504,
        UpstreamFailureKind.NotReached or UpstreamFailureKind.SessionLost => 503,
        _ => 502,
    };

    private static string TitleFor(UpstreamFailureKind kind) => kind switch
    {
        UpstreamFailureKind.NotReached => "Upstream unreachable",
        UpstreamFailureKind.MayHaveExecuted => "Upstream failed; the call may have executed",
        UpstreamFailureKind.Timeout => "Upstream timeout; the call may have executed",
        UpstreamFailureKind.SessionLost => "Upstream session lost; the call did not run",
        _ => "Upstream error",
    };
}
