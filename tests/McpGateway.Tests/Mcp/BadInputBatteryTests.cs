using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>
/// Bad input on <c>/mcp</c> and <c>/mcp/{template}</c>: never a 500, always a JSON-RPC error body with a fitting code and
/// status (413 for a body over <c>MaxRequestBodyBytes</c>, -32700 for a member named twice, as REST answers 413 too).
/// </summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class BadInputBatteryTests(McpFrontDoorFixture fixture) : IAsyncLifetime
{
    private const int Limit = 65536;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:MaxRequestBodyBytes"] = Limit.ToString() });
        await _gateway.RegisterAsync(McpServers.Http("fix-http", "fix-http-1", fixture.FixtureHttp.Endpoint));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private sealed record Case(string Name, byte[] Body, int Status, int Code, string ContentType = "application/json", string? Accept = "application/json, text/event-stream",
        bool Session = false, string? SessionId = null, string? Version = null);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<Case> Battery()
    {
        const string ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        yield return new("empty body", [], 400, -32700);
        yield return new("not JSON", Utf8("not json"), 400, -32700);
        yield return new("truncated JSON", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,"), 400, -32700);
        yield return new("empty array", Utf8("[]"), 400, -32600);
        yield return new("batch with junk", Utf8("[" + ping + ",1,\"junk\",null]"), 400, -32600);
        yield return new("a number", Utf8("42"), 400, -32600);
        yield return new("null", Utf8("null"), 400, -32600);
        yield return new("jsonrpc 1.0", Utf8("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"), 400, -32600);
        yield return new("jsonrpc missing", Utf8("{\"id\":1,\"method\":\"ping\"}"), 400, -32600);
        yield return new("jsonrpc a number", Utf8("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}"), 400, -32600);
        yield return new("id an object", Utf8("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"), 400, -32600);
        yield return new("id an array", Utf8("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}"), 400, -32600);
        yield return new("id a boolean", Utf8("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}"), 400, -32600);
        yield return new("method missing", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1}"), 400, -32600);
        yield return new("method a number", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}"), 400, -32600);
        yield return new("method empty", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}"), 400, -32600);
        yield return new("params a string", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}"), 400, -32600);
        yield return new("params an array", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}"), 400, -32600);
        yield return new("duplicate id", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"id\":2}"), 400, -32700);
        yield return new("duplicate nested key", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":1,\"a\":2}}"), 400, -32700);
        yield return new("deeply nested", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1"
            + new string('}', 200) + "}"), 400, -32700);
        yield return new("invalid UTF-8", [.. Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p"), 0xff, 0xfe, .. Utf8("\"}")], 400, -32700);
        yield return new("over the size limit", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + new string('x', Limit + 1000) + "\"}}"), 413, -32600);
        yield return new("wrong content type", Utf8(ping), 415, -32000, ContentType: "text/plain");
        yield return new("missing Accept", Utf8(ping), 406, -32000, Accept: null);
        yield return new("Accept without SSE", Utf8(ping), 406, -32000, Accept: "application/json");
        yield return new("no session, not initialize", Utf8(ping), 400, -32600);
        yield return new("unknown session id", Utf8(ping), 404, -32001, SessionId: "no-such-session", Version: "2025-11-25");
        yield return new("unsupported protocol version", Utf8(ping), 400, -32022, Version: "1999-01-01");
        yield return new("initialize twice", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}"), 400, -32600, Session: true);
        yield return new("duplicate keys in a session", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"id\":2}"), 400, -32700, Session: true);
        yield return new("over the limit in a session", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + new string('x', Limit * 2) + "\"}}"), 413, -32600, Session: true);
        yield return new("params not an object in a session", Utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":7}"), 400, -32600, Session: true);
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/fix-http")]
    public async Task No_bad_input_gets_a_500_and_every_answer_is_a_json_rpc_error(string path)
    {
        var url = new Uri(_gateway.BaseAddress, path).ToString();
        var session = new RawMcpClient(_gateway.Client, url);
        await session.InitializeAsync();
        var failures = new List<string>();
        foreach (var item in Battery())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(item.Body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(item.ContentType);
            if (item.Accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", item.Accept);
            }
            if ((item.Session ? session.SessionId : item.SessionId) is { } id)
            {
                request.Headers.Add("Mcp-Session-Id", id);
            }
            if ((item.Session ? session.ProtocolVersion : item.Version) is { } version)
            {
                request.Headers.Add("MCP-Protocol-Version", version);
            }
            using var response = await _gateway.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var code = (JsonNode.Parse(text.Length > 0 ? text : "null") as JsonObject)?["error"]?["code"]?.GetValue<int>();
            if ((int)response.StatusCode != item.Status || code != item.Code || response.Content.Headers.ContentType?.MediaType != "application/json"
                || text.Contains("   at ", StringComparison.Ordinal))
            {
                failures.Add($"{item.Name}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(HttpStatusCode.OK, (await session.SendAsync("ping")).Status); // the session is unharmed
        Assert.DoesNotContain("MCP front door failed", _gateway.Logs.Text);
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/fix-http")]
    public async Task Bad_get_and_delete_requests_get_json_rpc_errors(string path)
    {
        var url = new Uri(_gateway.BaseAddress, path).ToString();
        var cases = new (HttpMethod Method, string? Accept, string? Session, int Status, int Code)[]
        {
            (HttpMethod.Get, null, "no-such-session", 406, -32000),
            (HttpMethod.Get, "text/event-stream", null, 400, -32600),
            (HttpMethod.Get, "text/event-stream", "no-such-session", 404, -32001),
            (HttpMethod.Delete, null, null, 400, -32600),
            (HttpMethod.Delete, null, "no-such-session", 404, -32001),
        };
        foreach (var (method, accept, session, status, code) in cases)
        {
            using var request = new HttpRequestMessage(method, url);
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }
            if (session is not null)
            {
                request.Headers.Add("Mcp-Session-Id", session);
            }
            using var response = await _gateway.Client.SendAsync(request);
            Assert.Equal(status, (int)response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(code, body["error"]!["code"]!.GetValue<int>());
        }
    }
}
