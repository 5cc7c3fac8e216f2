using System.Text.Json.Nodes;

namespace McpGateway.Streaming;

/// <summary>One event of a streamed tool call: <c>progress</c>, <c>chunk</c>, <c>result</c> or <c>error</c> (see <see cref="ToolStreamEvents"/>).</summary>
public sealed record ToolStreamEvent(string Kind, JsonObject Data);

public static class ToolStreamEvents
{
    public const string Progress = "progress";
    /// <summary>One content block of the result: <c>{index, data}</c>.</summary>
    public const string Chunk = "chunk";
    /// <summary><c>{status: "success"|"error", data: CallToolResult}</c>; <c>error</c> when the tool reported <c>isError</c>.</summary>
    public const string Result = "result";
    /// <summary>The call failed (unknown tool, no healthy instance, upstream error): an RFC 9457 problem document.</summary>
    public const string Error = "error";
}
