using System.Text.Json;

namespace McpGateway.Upstreams;

/// <summary>
/// Recovers the JSON-RPC error a Streamable HTTP server sent with a 4xx status. The SDK surfaces it as an
/// <see cref="HttpRequestException"/> whose message ends with <c>Response body: {...}</c>.
/// </summary>
internal static class HttpJsonRpcError
{
    private const string Marker = "Response body: ";
    private const int InternalError = -32603;

    public static (int Code, string Message) Parse(HttpRequestException exception)
    {
        var text = exception.Message;
        var at = text.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            try
            {
                using var document = JsonDocument.Parse(JsonPart(text[(at + Marker.Length)..]));
                if (document.RootElement.TryGetProperty("error", out var error)
                    && error.TryGetProperty("code", out var code) && code.TryGetInt32(out var value))
                {
                    var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                    return (value, message ?? $"HTTP {(int?)exception.StatusCode}");
                }
            }
            catch (JsonException)
            {
                // Not JSON-RPC: fall through to the status.
            }
        }
        return (InternalError, $"The upstream answered HTTP {(int?)exception.StatusCode}.");
    }

    /// <summary>The JSON of a plain body, or of the first <c>data:</c> line of an SSE body (servers may answer errors either way).</summary>
    private static string JsonPart(string body)
    {
        if (body.TrimStart().StartsWith('{'))
        {
            return body;
        }
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Length > 5)
            {
                return line[5..].Trim();
            }
        }
        return body;
    }
}
