using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Api;

/// <summary>Writes <c>application/problem+json</c> (RFC 9457).</summary>
internal static class ProblemWriter
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string type,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new JsonObject
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = context.Request.Path.Value,
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem[key] = JsonSerializer.SerializeToNode(value, ApiJson.Options);
        }
        problem["trace_id"] = context.TraceIdentifier;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(problem.ToJsonString(ApiJson.Options), context.RequestAborted);
    }
}
