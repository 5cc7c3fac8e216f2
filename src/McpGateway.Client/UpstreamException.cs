using System.Text.Json.Nodes;

namespace McpGateway.Client;

/// <summary>
/// An MCP server behind the gateway failed the call (502, 504) or answered with a JSON-RPC error.
/// <see cref="MayHaveExecuted"/> tells whether the tool may have run anyway: the gateway never repeats such a call, and neither should you
/// unless the tool is safe to run twice.
/// </summary>
public sealed class UpstreamException : GatewayException
{
    /// <summary>Creates the exception from the gateway's problem document.</summary>
    /// <param name="status">The HTTP status (502, 504, ...).</param>
    /// <param name="title">A short summary.</param>
    /// <param name="detail">What went wrong.</param>
    /// <param name="mcpErrorCode">The upstream's JSON-RPC error code, when it answered with one.</param>
    /// <param name="mayHaveExecuted">Whether the call may have run on the upstream.</param>
    /// <param name="problemDetails">The whole problem document.</param>
    public UpstreamException(int status, string title, string? detail, int? mcpErrorCode, bool mayHaveExecuted, JsonObject? problemDetails = null)
        : base(status, title, detail, problemDetails)
    {
        McpErrorCode = mcpErrorCode;
        MayHaveExecuted = mayHaveExecuted;
    }

    /// <summary>The JSON-RPC error code the MCP server answered with (e.g. -32602 invalid params); null when it did not answer.</summary>
    public int? McpErrorCode { get; }

    /// <summary>True when the call reached the MCP server and may have had its effect although it failed or timed out.</summary>
    public bool MayHaveExecuted { get; }
}
