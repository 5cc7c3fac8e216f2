namespace McpGateway.Cli;

/// <summary>What <c>mcpgw</c> exits with (documented in docs/client.md).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;
    /// <summary>Bad command line or input (unknown option, missing argument, malformed <c>--arg</c>, invalid settings for <c>start</c>).</summary>
    public const int Usage = 1;
    /// <summary>The gateway refused the request (4xx other than 401/403: invalid body, unknown template or job, conflict).</summary>
    public const int GatewayError = 2;
    /// <summary>The MCP server or gateway failed (5xx, 502/504 upstream failure, timeout), the tool returned an error, or a job failed or was cancelled.</summary>
    public const int UpstreamError = 3;
    /// <summary>No gateway could be reached (connection refused, name not resolved), or the connection was lost mid-call.</summary>
    public const int CannotConnect = 4;
    /// <summary>Not authenticated (401: no, wrong or expired credentials) or not allowed (403).</summary>
    public const int Auth = 5;
    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
