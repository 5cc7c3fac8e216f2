using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Security;

/// <summary>
/// One authorization step for every path to an upstream: the test walks the application's own endpoint data source and
/// calls every endpoint with a key scoped to <c>everything/echo</c> (the README tour's <c>echo-only</c> key), aiming at a
/// template it may not use and at a tool of its template it may not call. An endpoint added later is walked too: one
/// that reaches an upstream without the check fails here.
/// </summary>
public sealed partial class UpstreamAuthorizationTests : IAsyncLifetime
{
    private const string Forbidden = "secret-tpl";
    /// <summary>In the environment of everything's process: any response that carries it leaked get-env's output.</summary>
    private const string Canary = "leak-canary-7f3a91";

    private RunningServer _other = null!;
    private GatewayHost _gateway = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _other = await McpServers.StartTestServerHttpAsync("secret", "--verbose");
        _gateway = await GatewayHost.StartAsync();
        var everything = McpServers.EverythingStdio("everything", "ev-1");
        everything["env"] = new JsonObject { ["CANARY_VALUE"] = Canary };
        await _gateway.RegisterAsync(everything);
        await _gateway.RegisterAsync(McpServers.Http(Forbidden, "s1", _other.Endpoint));
        (_, _key) = await _gateway.CreateKeyAsync(new JsonObject
        {
            ["name"] = "echo-only", ["role"] = "user", ["templates"] = new JsonArray("everything"), ["tools"] = new JsonArray("everything/echo"),
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task Every_endpoint_refuses_an_out_of_scope_key_and_nothing_reaches_the_upstream()
    {
        var endpoints = _gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText ?? "")))
            .Distinct().OrderBy(e => e.Pattern, StringComparer.Ordinal).ToList();
        Assert.Contains(endpoints, e => e.Pattern == "/tools/{name}");
        Assert.Contains(endpoints, e => e.Pattern == "/ws/tools/{name}");
        Assert.Contains(endpoints, e => e.Pattern == "/mcp/{template}/tools/call");

        var logStart = _other.Process.Output.Length;
        using var client = _gateway.CreateClient(_key);
        client.Timeout = TimeSpan.FromSeconds(60);
        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            foreach (var (template, tool) in new[] { (Forbidden, "increment"), ("everything", "get-env") })
            {
                foreach (var outcome in await SendAsync(client, method, pattern, template, tool))
                {
                    var where = $"{method} {pattern} → {template}/{tool}{outcome.Variant}: {(int)outcome.Status}";
                    if (outcome.Body.Contains(Canary, StringComparison.Ordinal))
                    {
                        failures.Add($"{where} returned get-env's output");
                    }
                    var success = (int)outcome.Status is (>= 200 and < 300) or 101 && !outcome.IsJsonRpcError;
                    if (success && outcome.Body.Contains(template == Forbidden ? Forbidden : "get-env", StringComparison.Ordinal))
                    {
                        failures.Add($"{where} showed what the key may not see: {Truncate(outcome.Body)}");
                    }
                    if (MustRefuse(method, pattern, template, outcome.Variant) && success)
                    {
                        failures.Add($"{where} was not refused: {Truncate(outcome.Body)}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Nothing but the gateway's own probes reached the forbidden template's server.
        var traffic = _other.Process.Output[logStart..];
        Assert.DoesNotMatch(CallerMethods(), traffic);

        // The control: the admin reaches it through the same walk's first endpoint, and the server sees that call.
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client.PostAsJsonAsync($"/tools/{Forbidden}.increment", new JsonObject())).StatusCode);
        var count = await _gateway.CallToolAsync(Forbidden, "get_count");
        Assert.Equal("1", (await count.Content.ReadFromJsonAsync<JsonObject>())!["content"]![0]!["text"]!.GetValue<string>());
        await Pool.PoolTestSupport.WaitUntilAsync(() => CallerMethods().IsMatch(_other.Process.Output[logStart..]), TimeSpan.FromSeconds(30),
            "the test server's log shows the admin's call");
    }

    [Fact]
    public async Task Lists_show_a_scoped_key_only_its_tools_and_templates()
    {
        using var client = _gateway.CreateClient(_key);
        var tools = (await client.GetFromJsonAsync<JsonObject>("/tools"))!;
        Assert.Equal(["everything.echo"], tools["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(1, tools["templates"]!.GetValue<int>());
        foreach (var path in new[] { "/stats", "/gateway/stats" })
        {
            var stats = await client.GetStringAsync(path);
            Assert.DoesNotContain(Forbidden, stats);
            Assert.Contains("everything", stats);
            Assert.Contains(Forbidden, await _gateway.Client.GetStringAsync(path));
        }
    }

    [Fact]
    public async Task A_scoped_key_cannot_submit_a_job_or_batch_outside_its_scope()
    {
        using var client = _gateway.CreateClient(_key);
        var job = await client.PostAsJsonAsync($"/mcp/{Forbidden}/tools/call", new JsonObject { ["name"] = "increment", ["async"] = true });
        Assert.Equal(HttpStatusCode.Forbidden, job.StatusCode);
        var batch = await client.PostAsJsonAsync("/mcp/everything/tools/batch", new JsonObject
        {
            ["calls"] = new JsonArray(new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "a" } }, new JsonObject { ["name"] = "get-env" }),
        });
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        var jobs = (await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/jobs"))!;
        Assert.Equal(0, jobs["count"]!.GetValue<int>());
    }

    /// <summary>
    /// Requests aimed at a template the key may not use, or at a tool it may not call, must be refused; a list (filtered) and
    /// the aggregate's or an allowed template's <c>initialize</c> may succeed.
    /// </summary>
    private static bool MustRefuse(string method, string pattern, string template, string variant)
    {
        if (variant.Contains("tools/list", StringComparison.Ordinal))
        {
            return false;
        }
        if (variant.Contains("initialize", StringComparison.Ordinal))
        {
            return template == Forbidden && pattern == "/mcp/{template}";
        }
        return (pattern.Contains("{name}") && pattern.Contains("tools"))
               || (template == Forbidden && pattern.Contains("{template}"))
               || (method == "POST" && (pattern.EndsWith("/tools/call", StringComparison.Ordinal) || pattern.EndsWith("/tools/batch", StringComparison.Ordinal)))
               || (method == "POST" && pattern is "/mcp" or "/mcp/{template}");
    }

    private sealed record Outcome(string Variant, HttpStatusCode Status, string Body, bool IsJsonRpcError);

    private async Task<List<Outcome>> SendAsync(HttpClient client, string method, string pattern, string template, string tool)
    {
        var path = RouteParameter().Replace(pattern, match => match.Groups["name"].Value switch
        {
            "template" => template,
            "name" when pattern.Contains("tools") => $"{template}.{tool}",
            "name" or "id" or "instance_id" or "username" => "x",
            var other => throw new InvalidOperationException($"The walk does not know route parameter '{{{other}}}' of {pattern}: teach it what to send."),
        });
        if (pattern.StartsWith("/ws/", StringComparison.Ordinal))
        {
            return [await WebSocketAsync(path)];
        }
        if (method == "POST" && pattern is "/mcp" or "/mcp/{template}")
        {
            return await McpAsync(client, path, pattern == "/mcp" ? $"{template}.{tool}" : tool);
        }
        var outcomes = new List<Outcome>();
        foreach (var async in method is "GET" or "HEAD" or "OPTIONS" ? [false] : new[] { false, true })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is not ("GET" or "HEAD" or "OPTIONS"))
            {
                request.Content = JsonContent.Create(new JsonObject
                {
                    ["name"] = tool,
                    ["arguments"] = new JsonObject { ["message"] = "hi" },
                    ["uri"] = "test://static-text",
                    ["calls"] = new JsonArray(new JsonObject { ["name"] = tool }),
                    ["connection_id"] = "c1",
                    ["async"] = async,
                });
            }
            outcomes.Add(await ReadAsync(client, request, async ? " (async)" : ""));
        }
        return outcomes;
    }

    private static async Task<Outcome> ReadAsync(HttpClient client, HttpRequestMessage request, string variant)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // A stream that stays open (SSE) is read for a bounded time: what it carried by then is what it leaked.
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var body = new StringBuilder();
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(read.Token);
            var buffer = new byte[8192];
            int n;
            while ((n = await stream.ReadAsync(buffer, read.Token)) > 0 && body.Length < 1_000_000)
            {
                body.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return new Outcome(variant, response.StatusCode, body.ToString(), false);
    }

    private async Task<List<Outcome>> McpAsync(HttpClient client, string path, string tool)
    {
        var outcomes = new List<Outcome>();
        var session = new RawMcpClient(client, path);
        var initialize = await session.SendAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-11-25",
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "walk", ["version"] = "1" },
        });
        outcomes.Add(Of(" (initialize)", initialize));
        session.SessionId = initialize.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.First() : null;
        if (session.SessionId is not null)
        {
            outcomes.Add(Of(" (session tools/call)", await session.SendAsync("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() })));
            outcomes.Add(Of(" (session tools/list)", await session.SendAsync("tools/list")));
        }
        var stateless = new RawMcpClient(client, path);
        outcomes.Add(Of(" (stateless tools/call)", await stateless.SendStatelessAsync("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = new JsonObject() })));
        outcomes.Add(Of(" (stateless tools/list)", await stateless.SendStatelessAsync("tools/list")));
        return outcomes;
    }

    private static Outcome Of(string variant, RawMcpClient.Reply reply)
    {
        var final = reply.Messages.LastOrDefault();
        return new Outcome(variant, reply.Status, string.Join("\n", reply.Messages.Select(m => m.ToJsonString())),
            IsJsonRpcError: final is null || final.ContainsKey("error"));
    }

    private async Task<Outcome> WebSocketAsync(string path)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-API-Key", _key);
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new Uri(_gateway.BaseAddress, path);
        var ws = new UriBuilder(uri) { Scheme = "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(ws, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return new Outcome(" (websocket)", socket.HttpStatusCode, "", false);
        }
        // Connected: send a call and read what comes back for a bounded time.
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"id":"1","arguments":{"message":"hi"}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var body = new StringBuilder();
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[65536];
        try
        {
            while (!body.ToString().Contains("\"complete\"") && !body.ToString().Contains("\"error\""))
            {
                var received = await socket.ReceiveAsync(buffer, read.Token);
                body.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return new Outcome(" (websocket)", HttpStatusCode.SwitchingProtocols, body.ToString(), false);
    }

    private static string Truncate(string body) => body.Length > 300 ? body[..300] + "…" : body;

    [GeneratedRegex(@"\{\*{0,2}(?<name>\w+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>What only a caller's request makes the gateway send (its own probes send ping, initialize and server/discover).</summary>
    [GeneratedRegex(@"request (tools|resources|prompts|completion|logging)/")]
    private static partial Regex CallerMethods();
}
