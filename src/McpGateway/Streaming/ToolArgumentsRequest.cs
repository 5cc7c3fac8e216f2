using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpGateway.Api;

namespace McpGateway.Streaming;

/// <summary>The body of <c>POST /tools/{name}</c> and <c>/tools/{name}/stream</c>: <c>{"arguments": {...}}</c> (an empty body means no arguments).</summary>
public sealed class ToolArgumentsRequest
{
    [JsonPropertyName("arguments")] public JsonObject? Arguments { get; set; }

    internal static async Task<JsonObject?> ReadArgumentsAsync(HttpRequest request)
        => request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"))
            ? null
            : (await RequestBody.ReadAsync<ToolArgumentsRequest>(request, request.HttpContext.RequestAborted)).Arguments;
}
