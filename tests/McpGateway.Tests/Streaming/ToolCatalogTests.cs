using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Streaming;

/// <summary><c>GET /tools</c>, <c>POST /tools/{name}</c> and <c>GET /stats</c>.</summary>
[Collection(StreamingCollection.Name)]
public sealed class ToolCatalogTests(StreamingFixture fixture)
{
    [Fact]
    public async Task Lists_the_tools_of_every_template_with_qualified_names_and_tolerates_a_failing_one()
    {
        var listing = (await fixture.Gateway.Client.GetFromJsonAsync<JsonObject>("/tools"))!;
        var tools = listing["tools"]!.AsArray().Select(t => t!).ToList();
        var names = tools.Select(t => t["name"]!.GetValue<string>()).ToList();
        Assert.Contains("alpha.echo", names);
        Assert.Contains("alpha.progress", names);
        Assert.Contains("beta.echo", names);
        Assert.Contains("beta.get-resource-links", names);
        Assert.Equal(names.Count, listing["count"]!.GetValue<int>());
        var echo = tools.Single(t => t["name"]!.GetValue<string>() == "alpha.echo");
        Assert.Equal("alpha", echo["template"]!.GetValue<string>());
        Assert.Equal("echo", echo["tool"]!.GetValue<string>());
        Assert.NotNull(echo["inputSchema"]);
        Assert.All(tools, t => Assert.Equal(t["template"] + "." + t["tool"], t["name"]!.GetValue<string>()));
        var error = Assert.Single(listing["errors"]!.AsArray());
        Assert.Equal("gamma", error!["template"]!.GetValue<string>());
    }

    [Fact]
    public async Task Calls_a_tool_by_qualified_name()
    {
        var response = await fixture.Gateway.Client.PostAsJsonAsync("/tools/beta.echo", new JsonObject { ["arguments"] = StreamingFixture.Args(("message", "hello")) });
        response.EnsureSuccessStatusCode();
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("hello", result["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("beta-1", response.Headers.GetValues("X-Gateway-Instance").Single());

        var unknown = await fixture.Gateway.Client.PostAsJsonAsync("/tools/echo", new JsonObject());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'{template}.{tool}'", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stats_describe_the_instances_as_a_worker_pool_and_count_streams()
    {
        await fixture.Gateway.Client.PostAsJsonAsync("/tools/alpha.echo/stream", new JsonObject { ["arguments"] = StreamingFixture.Args(("message", "x")) });
        var stats = (await fixture.Gateway.Client.GetFromJsonAsync<JsonObject>("/stats"))!;
        Assert.Equal(3, stats["pool"]!["workers"]!.GetValue<int>());
        Assert.Contains(stats["workers"]!.AsArray(), w => w!["id"]!.GetValue<string>() == "alpha-1" && w["transport"]!.GetValue<string>() == "stdio");
        Assert.True(stats["streaming"]!["sse_streams"]!.GetValue<long>() >= 1);
        Assert.True(stats["streaming"]!["streamed_calls"]!.GetValue<long>() >= 1);
        Assert.NotNull(stats["requests"]!["total"]);
        Assert.NotNull(stats["latency_ms"]);
    }
}
