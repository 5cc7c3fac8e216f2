namespace McpGateway.Upstreams;

/// <summary>How far a failed call got. Decides whether it may be retried elsewhere.</summary>
public enum UpstreamFailureKind
{
    /// <summary>The call never reached an instance (refused connection, spawn failure, connect timeout): always safe to retry.</summary>
    NotReached,
    /// <summary>The call was sent and the connection failed before an answer: it may have executed.</summary>
    MayHaveExecuted,
    /// <summary>No answer within the timeout: it may have executed.</summary>
    Timeout,
    /// <summary>The instance answered with a JSON-RPC error: it is the upstream's answer, passed on with its code.</summary>
    ProtocolError,
}
