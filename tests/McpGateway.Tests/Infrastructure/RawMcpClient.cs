using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Infrastructure;

/// <summary>MCP Streamable HTTP at the wire level: one POST, every message of its JSON or SSE answer, in order.</summary>
public sealed class RawMcpClient(HttpClient http, string url)
{
    public string Url { get; } = url;
    public string? SessionId { get; set; }
    public string? ProtocolVersion { get; set; }
    private int _nextId;

    public sealed record Reply(HttpStatusCode Status, string? ContentType, HttpResponseHeaders Headers, List<JsonObject> Messages)
    {
        public JsonObject Final => Messages.Last(m => m.ContainsKey("result") || m.ContainsKey("error"));
    }

    /// <summary>initialize + notifications/initialized; keeps the session id.</summary>
    public async Task<JsonObject> InitializeAsync(string version = "2025-11-25", JsonObject? capabilities = null)
    {
        var reply = await SendAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = version,
            ["capabilities"] = capabilities ?? new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "raw-test-client", ["version"] = "1.0" },
        });
        SessionId = reply.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.First() : null;
        ProtocolVersion = reply.Final["result"]?["protocolVersion"]?.GetValue<string>();
        await PostAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" });
        return reply.Final;
    }

    public Task<Reply> SendAsync(string method, JsonObject? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }
        return PostAsync(message);
    }

    /// <summary>A 2026-07-28 stateless request: headers and per-request _meta included.</summary>
    public Task<Reply> SendStatelessAsync(string method, JsonObject? parameters = null)
    {
        parameters ??= new JsonObject();
        var meta = parameters["_meta"] as JsonObject ?? new JsonObject();
        meta["io.modelcontextprotocol/protocolVersion"] = "2026-07-28";
        meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject();
        parameters["_meta"] = meta;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method, ["params"] = parameters };
        var headers = new Dictionary<string, string> { ["MCP-Protocol-Version"] = "2026-07-28", ["Mcp-Method"] = method };
        if (parameters["name"] is JsonValue name)
        {
            headers["Mcp-Name"] = name.GetValue<string>();
        }
        if (parameters["uri"] is JsonValue uri)
        {
            headers["Mcp-Name"] = uri.GetValue<string>();
        }
        return PostAsync(message, headers);
    }

    public async Task<Reply> PostAsync(JsonNode message, IDictionary<string, string>? headers = null, string? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = new StringContent(body ?? message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (SessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", SessionId);
        }
        if (ProtocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", ProtocolVersion);
        }
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(key);
            request.Headers.TryAddWithoutValidation(key, value);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, contentType, response.Headers, Parse(contentType, text));
    }

    public async Task<HttpStatusCode> DeleteAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Url);
        request.Headers.Add("Mcp-Session-Id", SessionId);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static List<JsonObject> Parse(string? contentType, string text)
    {
        if (contentType == "text/event-stream")
        {
            return text.Split("\n")
                .Where(l => l.StartsWith("data:", StringComparison.Ordinal) && l.Length > 5 && l[5..].Trim().Length > 0)
                .Select(l => JsonNode.Parse(l[5..])!.AsObject())
                .ToList();
        }
        return text.Length > 0 && JsonNode.Parse(text) is JsonObject json ? [json] : [];
    }
}
