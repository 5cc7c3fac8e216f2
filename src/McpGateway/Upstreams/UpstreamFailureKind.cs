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
    /// <summary>
    /// The instance no longer knew the gateway's session (it restarted or expired it) and rejected the call without running it.
    /// The gateway opened a new session and repeated the call on it when that is safe; this kind means it was not repeated
    /// (a tools/call of a tool not annotated <c>readOnlyHint</c>/<c>idempotentHint</c>): it did not run, and may be sent again.
    /// </summary>
    SessionLost,
}
