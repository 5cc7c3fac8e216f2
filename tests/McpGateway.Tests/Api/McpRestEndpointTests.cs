using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Api;

/// <summary>The REST endpoints against server-everything (npm), over stdio and over Streamable HTTP.</summary>
public sealed class McpRestEndpointTests(EverythingGatewayFixture fixture) : IClassFixture<EverythingGatewayFixture>
{
    private HttpClient Client => fixture.Gateway.Client;

    public static TheoryData<string> Templates => new() { "everything", "evhttp" };

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Tools_list_returns_every_tool_with_its_schema_and_a_count(string template)
    {
        var response = await Client.GetAsync($"/mcp/{template}/tools/list");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tools = body!["tools"]!.AsArray();
        Assert.Equal(tools.Count, body["count"]!.GetValue<int>());
        var echo = Assert.Single(tools, t => t!["name"]!.GetValue<string>() == "echo")!;
        Assert.Equal("object", echo["inputSchema"]!["type"]!.GetValue<string>());
        Assert.True(echo["annotations"]!["readOnlyHint"]!.GetValue<bool>());
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "get-sum");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Tools_call_returns_the_call_tool_result_and_names_the_instance(string template)
    {
        var response = await fixture.Gateway.CallToolAsync(template, "echo", new JsonObject { ["message"] = "héllo gateway" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Echo: héllo gateway", body!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(template == "everything" ? "stdio-1" : "http-1", response.Headers.GetValues("X-Gateway-Instance").Single());
        Assert.EndsWith("ms", response.Headers.GetValues("X-Response-Time").Single());
    }

    [Fact]
    public async Task Structured_content_passes_through()
    {
        var response = await fixture.Gateway.CallToolAsync("everything", "get-structured-content", new JsonObject { ["location"] = "New York" });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body!["structuredContent"]!["temperature"]);
    }

    [Fact]
    public async Task A_tool_error_is_a_result_with_is_error_not_an_http_failure()
    {
        var response = await fixture.Gateway.CallToolAsync("everything", "no-such-tool");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body!["isError"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Resources_list_and_read(string template)
    {
        var list = await Client.GetFromJsonAsync<JsonObject>($"/mcp/{template}/resources/list");
        var resources = list!["resources"]!.AsArray();
        Assert.NotEmpty(resources);
        Assert.Equal(resources.Count, list["count"]!.GetValue<int>());
        var uri = resources[0]!["uri"]!.GetValue<string>();

        var read = await Client.PostAsJsonAsync($"/mcp/{template}/resources/read", new { uri });
        var body = await read.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(uri, body!["contents"]![0]!["uri"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Prompts_list_and_get(string template)
    {
        var list = await Client.GetFromJsonAsync<JsonObject>($"/mcp/{template}/prompts/list");
        Assert.Contains(list!["prompts"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "args-prompt");

        var get = await Client.PostAsJsonAsync($"/mcp/{template}/prompts/get", new { name = "args-prompt", arguments = new { city = "Oslo" } });
        var body = await get.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("Oslo", body!["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task An_upstream_json_rpc_error_keeps_its_code()
    {
        var response = await Client.PostAsJsonAsync("/mcp/everything/prompts/get", new { name = "no-such-prompt" });
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(-32602, problem!["mcp_error_code"]!.GetValue<int>());
        Assert.False(problem["may_have_executed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Template_health_has_the_original_shape()
    {
        await fixture.Gateway.CallToolAsync("everything", "echo", new JsonObject { ["message"] = "warm" });
        var health = await Client.GetFromJsonAsync<JsonObject>("/mcp/everything/health");
        Assert.Equal("everything", health!["template_name"]!.GetValue<string>());
        Assert.Equal(1, health["total_instances"]!.GetValue<int>());
        Assert.Equal(1, health["healthy_instances"]!.GetValue<int>());
        Assert.Equal(100, health["health_percentage"]!.GetValue<double>());
        var instance = health["instances"]!["stdio-1"]!;
        Assert.True(instance["healthy"]!.GetValue<bool>());
        Assert.Equal("healthy", instance["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Gateway_health_stats_and_registry()
    {
        await fixture.Gateway.CallToolAsync("evhttp", "echo", new JsonObject { ["message"] = "count me" });

        var health = await Client.GetFromJsonAsync<JsonObject>("/gateway/health");
        Assert.Equal("healthy", health!["status"]!.GetValue<string>());
        Assert.Equal(2, health["total_instances"]!.GetValue<int>());

        var stats = await Client.GetFromJsonAsync<JsonObject>("/gateway/stats");
        Assert.True(stats!["requests"]!["total"]!.GetValue<long>() >= 1);
        Assert.True(stats["latency_ms"]!["p95"]!.GetValue<double>() >= stats["latency_ms"]!["p50"]!.GetValue<double>());
        Assert.True(stats["load_distribution"]!["evhttp"]!["http-1"]!["requests"]!.GetValue<long>() >= 1);
        Assert.NotNull(stats["health_checker"]!["interval_seconds"]);

        var registry = await Client.GetFromJsonAsync<JsonObject>("/gateway/registry");
        var stdio = registry!["templates"]!["everything"]!["instances"]![0]!;
        Assert.Equal("stdio", stdio["transport"]!.GetValue<string>());
        Assert.Equal("node", stdio["command"]!.GetValue<string>());
        Assert.Equal(fixture.HttpServer.Endpoint, registry["templates"]!["evhttp"]!["instances"]![0]!["endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_and_docs_page_are_served()
    {
        var document = await Client.GetFromJsonAsync<JsonObject>("/openapi.json");
        var paths = document!["paths"]!.AsObject();
        foreach (var path in new[] { "/mcp/{template}/tools/list", "/mcp/{template}/tools/call", "/mcp/{template}/resources/read",
                     "/mcp/{template}/prompts/get", "/mcp/{template}/health", "/gateway/register", "/gateway/deregister/{template}/{instance_id}",
                     "/gateway/stats", "/gateway/registry", "/gateway/health" })
        {
            Assert.True(paths.ContainsKey(path), $"OpenAPI lacks {path}");
        }
        var docs = await Client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upstream_sessions_are_reused_across_calls()
    {
        for (var i = 0; i < 20; i++)
        {
            var response = await fixture.Gateway.CallToolAsync("evhttp", "echo", new JsonObject { ["message"] = $"call {i}" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var connection = fixture.Gateway.Get<McpGateway.Upstreams.UpstreamConnections>().All.Single(c => c.Instance.Id == "http-1");
        Assert.True(connection.IsConnected);
        Assert.Equal(0, connection.Restarts);
    }
}
