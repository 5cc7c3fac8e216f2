using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tests.Mcp;

/// <summary>Sessions: 404 after DELETE, served by a second gateway process sharing the store, reaped when abandoned.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class SessionTests(McpFrontDoorFixture fixture)
{
    [Fact]
    public async Task Delete_ends_the_session_and_later_requests_get_404()
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("fix-http"));
        await client.InitializeAsync();
        Assert.NotNull(client.SessionId);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync("tools/list")).Status);

        Assert.Equal(HttpStatusCode.OK, await client.DeleteAsync());

        var after = await client.SendAsync("tools/list");
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.Equal(-32001, after.Final["error"]!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, await client.DeleteAsync());
    }

    [Fact]
    public async Task An_unknown_session_gets_404()
    {
        using var http = new HttpClient();
        var client = new RawMcpClient(http, fixture.Url("fix-http")) { SessionId = "no-such-session", ProtocolVersion = "2025-11-25" };
        var reply = await client.SendAsync("tools/list");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }

    [Fact]
    public async Task Sdk_client_session_gets_404_after_delete()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(fixture.Url("everything")), TransportMode = HttpTransportMode.StreamableHttp });
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" });
        var sessionId = client.SessionId!;
        await client.ListToolsAsync();
        await client.DisposeAsync(); // the SDK client ends its session with DELETE

        using var http = new HttpClient();
        var raw = new RawMcpClient(http, fixture.Url("everything")) { SessionId = sessionId, ProtocolVersion = "2025-11-25" };
        Assert.Equal(HttpStatusCode.NotFound, (await raw.SendAsync("tools/list")).Status);
    }

    [Fact]
    public async Task A_second_gateway_process_serves_a_session_created_on_the_first()
    {
        var second = await GatewayHost.StartAsync(McpFrontDoorFixture.Settings, fixture.Gateway.DataDirectory);
        try
        {
            using var http = new HttpClient();
            var first = new RawMcpClient(http, fixture.Url("fix-http"));
            await first.InitializeAsync();
            var other = new RawMcpClient(http, new Uri(second.BaseAddress, "/mcp/fix-http").ToString())
            {
                SessionId = first.SessionId,
                ProtocolVersion = first.ProtocolVersion,
            };

            var call = await other.SendAsync("tools/call", new JsonObject { ["name"] = "test_simple_text", ["arguments"] = new JsonObject() });
            Assert.Equal(HttpStatusCode.OK, call.Status);
            Assert.Equal("This is a simple text response for testing.", call.Final["result"]!["content"]![0]!["text"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await first.SendAsync("tools/list")).Status);

            // Ended on the second, gone on the first once its revalidation window (SessionRevalidateMilliseconds, 1 s) has passed.
            Assert.Equal(HttpStatusCode.OK, await other.DeleteAsync());
            var status = HttpStatusCode.OK;
            for (var i = 0; i < 50 && status != HttpStatusCode.NotFound; i++)
            {
                await Task.Delay(100);
                status = (await first.SendAsync("tools/list")).Status;
            }
            Assert.Equal(HttpStatusCode.NotFound, status);
        }
        finally
        {
            // Not GatewayHost.DisposeAsync: that deletes the data folder, which the fixture's gateway still uses.
            second.Client.Dispose();
            await second.App.StopAsync();
            await second.App.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_sampling_answer_sent_to_another_gateway_process_reaches_the_upstream_that_asked()
    {
        var second = await GatewayHost.StartAsync(McpFrontDoorFixture.Settings, fixture.Gateway.DataDirectory);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var first = new RawMcpClient(http, fixture.Url("fix-stdio"));
            await first.InitializeAsync(capabilities: new JsonObject { ["sampling"] = new JsonObject() });
            var other = new RawMcpClient(http, new Uri(second.BaseAddress, "/mcp/fix-stdio").ToString())
            {
                SessionId = first.SessionId,
                ProtocolVersion = first.ProtocolVersion,
            };

            // The call goes to the first process; its upstream asks the client for sampling on the call's SSE stream.
            using var request = new HttpRequestMessage(HttpMethod.Post, first.Url)
            {
                Content = new StringContent(new JsonObject
                {
                    ["jsonrpc"] = "2.0", ["id"] = 7, ["method"] = "tools/call",
                    ["params"] = new JsonObject { ["name"] = "test_sampling", ["arguments"] = new JsonObject { ["prompt"] = "cross-process" } },
                }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Add("Mcp-Session-Id", first.SessionId);
            request.Headers.Add("MCP-Protocol-Version", first.ProtocolVersion);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            var sampling = await NextMessageAsync(reader);
            Assert.Equal("sampling/createMessage", sampling["method"]!.GetValue<string>());

            // The client's answer lands on the second process, which holds no upstream session for it.
            var answer = await other.PostAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = sampling["id"]!.DeepClone(),
                ["result"] = new JsonObject
                {
                    ["model"] = "test-model", ["role"] = "assistant",
                    ["content"] = new JsonObject { ["type"] = "text", ["text"] = "answered through the second process" },
                },
            });
            Assert.Equal(HttpStatusCode.Accepted, answer.Status);

            var final = await NextMessageAsync(reader);
            Assert.Equal(7, final["id"]!.GetValue<int>());
            Assert.Contains("answered through the second process", final["result"]!["content"]![0]!["text"]!.GetValue<string>());
        }
        finally
        {
            second.Client.Dispose();
            await second.App.StopAsync();
            await second.App.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_upstream_that_gives_up_on_its_sampling_request_cancels_it_at_the_client()
    {
        await using var gateway = await GatewayHost.StartAsync(McpFrontDoorFixture.Settings);
        await gateway.RegisterAsync(new JsonObject
        {
            ["template"] = "tiny", ["id"] = "tiny-1", ["command"] = "python3", ["args"] = new JsonArray(ProcessScan.TinyServer, "give-up-" + Guid.NewGuid().ToString("N")),
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new RawMcpClient(http, new Uri(gateway.BaseAddress, "/mcp/tiny").ToString());
        await client.InitializeAsync(capabilities: new JsonObject { ["sampling"] = new JsonObject() });
        using var request = new HttpRequestMessage(HttpMethod.Post, client.Url)
        {
            Content = new StringContent(new JsonObject
            {
                ["jsonrpc"] = "2.0", ["id"] = 9, ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = "ask_then_give_up", ["arguments"] = new JsonObject { ["ms"] = 300 } },
            }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Mcp-Session-Id", client.SessionId);
        request.Headers.Add("MCP-Protocol-Version", client.ProtocolVersion);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The client never answers; the upstream gives up after 300 ms and says so, under the id the client saw.
        var sampling = await NextMessageAsync(reader);
        Assert.Equal("sampling/createMessage", sampling["method"]!.GetValue<string>());
        var cancelled = await NextMessageAsync(reader);
        Assert.Equal("notifications/cancelled", cancelled["method"]?.GetValue<string>());
        Assert.Equal(sampling["id"]!.GetValue<string>(), cancelled["params"]!["requestId"]!.GetValue<string>());
        Assert.Equal("no answer in time", cancelled["params"]!["reason"]!.GetValue<string>());
        var final = await NextMessageAsync(reader);
        Assert.Equal("gave up", final["result"]!["content"]![0]!["text"]!.GetValue<string>());

        // A late answer to the cancelled request is accepted and goes nowhere (the upstream is not sent a response it cancelled).
        var late = await client.PostAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = sampling["id"]!.DeepClone(),
            ["result"] = new JsonObject { ["model"] = "m", ["role"] = "assistant", ["content"] = new JsonObject { ["type"] = "text", ["text"] = "late" } },
        });
        Assert.Equal(HttpStatusCode.Accepted, late.Status);
    }

    private static async Task<JsonObject> NextMessageAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line[5..].Trim().Length > 0)
            {
                return JsonNode.Parse(line[5..])!.AsObject();
            }
        }
        throw new InvalidOperationException("The stream ended without another message.");
    }

    [Fact]
    public async Task Abandoned_sessions_are_reaped_after_the_idle_timeout()
    {
        var settings = new Dictionary<string, string?>
        {
            ["McpGateway:Auth:Enabled"] = "false",
            ["McpGateway:Mcp:SessionIdleSeconds"] = "1",
            ["McpGateway:Mcp:ReapIntervalSeconds"] = "1",
        };
        await using var gateway = await GatewayHost.StartAsync(settings);
        await gateway.RegisterAsync(McpServers.Http("fix-http", "fix-http-1", fixture.FixtureHttp.Endpoint));
        using var http = new HttpClient();
        var client = new RawMcpClient(http, new Uri(gateway.BaseAddress, "/mcp/fix-http").ToString());
        await client.InitializeAsync();
        var store = gateway.Get<McpGateway.Mcp.IMcpSessionStore>();
        Assert.NotNull(await store.GetAsync(client.SessionId!));

        for (var i = 0; i < 50 && await store.GetAsync(client.SessionId!) is not null; i++)
        {
            await Task.Delay(100);
        }
        Assert.Null(await store.GetAsync(client.SessionId!));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync("tools/list")).Status);
    }

    [Fact]
    public async Task A_session_with_sampling_gets_its_own_upstream_session_and_sampling_reaches_the_client()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(fixture.Url("fix-stdio")), TransportMode = HttpTransportMode.StreamableHttp });
        var options = new McpClientOptions { ProtocolVersion = "2025-11-25" };
        options.Handlers.SamplingHandler = (request, _, _) => ValueTask.FromResult(new CreateMessageResult
        {
            Model = "test-model",
            Role = Role.Assistant,
            Content = [new TextContentBlock { Text = "sampled by the downstream client" }],
        });
        await using var client = await McpClient.CreateAsync(transport, options);
        var result = await client.CallToolAsync("test_sampling", new Dictionary<string, object?> { ["prompt"] = "hello" });
        Assert.Contains("sampled by the downstream client", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }
}
