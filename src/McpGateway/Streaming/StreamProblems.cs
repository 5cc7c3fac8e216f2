using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Streaming;

/// <summary>RFC 9457 problem documents for errors that happen after a stream started (sent as an <c>error</c> event, not a response).</summary>
internal static class StreamProblems
{
    public static JsonObject From(Exception exception, string instance) => exception switch
    {
        GatewayException e => Create(e.Status, e.Title, e.Message, e.Type, instance, e.Extensions),
        OperationCanceledException => Create(499, "Cancelled", "The call was cancelled.", "https://mcpgateway.dev/errors/cancelled", instance),
        _ => Create(500, "Internal error", "The gateway failed to run the call. The trace id identifies it in the gateway's log.",
            "https://mcpgateway.dev/errors/internal", instance),
    };

    public static JsonObject Create(int status, string title, string detail, string type, string instance,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new JsonObject
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = instance,
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem[key] = JsonSerializer.SerializeToNode(value, ApiJson.Options);
        }
        return problem;
    }
}
