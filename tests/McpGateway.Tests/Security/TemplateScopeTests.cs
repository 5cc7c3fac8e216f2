using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>Key scopes on the REST endpoints (against a real MCP test server) and the access service the MCP front door asks.</summary>
public sealed class TemplateScopeTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _server = await McpServers.StartTestServerHttpAsync("scoped");
        _gateway = await GatewayHost.StartAsync();
        await _gateway.RegisterAsync(McpServers.Http("alpha", "a1", _server.Endpoint));
        await _gateway.RegisterAsync(McpServers.Http("beta", "b1", _server.Endpoint));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static JsonObject Call(string tool) => new() { ["name"] = tool, ["arguments"] = new JsonObject { ["message"] = "hi" } };

    [Fact]
    public async Task A_template_scoped_key_reaches_its_templates_only()
    {
        var (_, key) = await _gateway.CreateKeyAsync(new JsonObject { ["templates"] = new JsonArray("alpha") });
        using var client = _gateway.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/mcp/alpha/tools/call", Call("echo"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mcp/alpha/tools/list")).StatusCode);
        var denied = await client.PostAsJsonAsync("/mcp/beta/tools/call", Call("echo"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/mcp/beta/tools/list")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/mcp/beta/health")).StatusCode);
        // A user key is not an admin: no management.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/gateway/registry")).StatusCode);
    }

    [Fact]
    public async Task A_tool_scoped_key_calls_and_lists_only_its_tools()
    {
        var (_, key) = await _gateway.CreateKeyAsync(new JsonObject { ["tools"] = new JsonArray("alpha/echo", "whoami") });
        using var client = _gateway.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/mcp/alpha/tools/call", Call("echo"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/mcp/beta/tools/call", Call("whoami"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/mcp/beta/tools/call", Call("echo"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/mcp/alpha/tools/call", Call("increment"))).StatusCode);

        var listed = (await client.GetFromJsonAsync<JsonObject>("/mcp/alpha/tools/list"))!;
        Assert.Equal(["echo", "whoami"], listed["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order());
        Assert.Equal(2, listed["count"]!.GetValue<int>());
        var all = (await _gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/alpha/tools/list"))!;
        Assert.True(all["count"]!.GetValue<int>() > 5);
    }

    private static ClaimsPrincipal Principal(string? role, string[]? templates = null, string[]? tools = null)
        => new(new GatewayIdentity("p", role, PrincipalKinds.ApiKey) { KeyId = "k", Templates = templates, Tools = tools });

    [Fact]
    public void The_access_service_applies_template_and_tool_scopes()
    {
        ITemplateAccess access = new TemplateAccess();
        Assert.True(access.CanUseTemplate(Principal("user"), "any"));
        Assert.True(access.CanCallTool(Principal("user"), "any", "tool"));
        Assert.False(access.CanUseTemplate(Principal(null), "any"));
        Assert.False(access.CanUseTemplate(new ClaimsPrincipal(new ClaimsIdentity()), "any"));

        var scoped = Principal("user", templates: ["fs", "web"], tools: ["fs/read", "web/*", "ping"]);
        Assert.True(access.CanUseTemplate(scoped, "fs"));
        Assert.False(access.CanUseTemplate(scoped, "db"));
        Assert.True(access.CanCallTool(scoped, "fs", "read"));
        Assert.False(access.CanCallTool(scoped, "fs", "write"));
        Assert.True(access.CanCallTool(scoped, "web", "anything"));
        Assert.True(access.CanCallTool(scoped, "fs", "ping"));
        Assert.False(access.CanCallTool(scoped, "db", "ping"));
        Assert.True(access.CanUseTemplate(Principal("admin", templates: ["*"]), "x"));
    }
}
