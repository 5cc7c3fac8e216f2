using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Api;

/// <summary>Every caller mistake gets a clear problem+json 4xx, and the registry is unchanged afterwards.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:MaxRequestBodyBytes"] = "65536" });
        await _gateway.RegisterAsync(McpServers.Http("web", "web-1", "http://127.0.0.1:9/mcp", weight: 2));
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((int)expected, problem!["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", problem.ToJsonString());
        return problem;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task AssertRegistryUnchangedAsync()
    {
        var registry = await _gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/registry");
        var templates = registry!["templates"]!.AsObject();
        Assert.Single(templates);
        var instance = Assert.Single(templates["web"]!["instances"]!.AsArray())!;
        Assert.Equal("web-1", instance["id"]!.GetValue<string>());
        Assert.Equal(2, instance["weight"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"name\": 42}")]
    public async Task Malformed_bodies_are_400(string body)
    {
        var problem = await ProblemAsync(await _gateway.Client.PostAsync("/mcp/web/tools/call", Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_tool_name_is_400_naming_the_field()
    {
        var problem = await ProblemAsync(await _gateway.Client.PostAsync("/mcp/web/tools/call", Json("{\"arguments\": {}}")), HttpStatusCode.BadRequest);
        Assert.Contains("'name'", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_uri_is_400()
        => await ProblemAsync(await _gateway.Client.PostAsync("/mcp/web/resources/read", Json("{}")), HttpStatusCode.BadRequest);

    [Fact]
    public async Task A_non_json_content_type_is_415()
        => await ProblemAsync(await _gateway.Client.PostAsync("/mcp/web/tools/call", new StringContent("name=echo", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var huge = "{\"name\":\"echo\",\"arguments\":{\"message\":\"" + new string('x', 200_000) + "\"}}";
        await ProblemAsync(await _gateway.Client.PostAsync("/mcp/web/tools/call", Json(huge)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/mcp/nope/tools/list")]
    [InlineData("/mcp/nope/health")]
    [InlineData("/mcp/NOT%20A%20SLUG/tools/list")]
    public async Task Unknown_templates_are_404(string path)
        => await ProblemAsync(await _gateway.Client.GetAsync(path), HttpStatusCode.NotFound);

    [Fact]
    public async Task Deregistering_an_unknown_instance_is_404_and_changes_nothing()
    {
        await ProblemAsync(await _gateway.Client.DeleteAsync("/gateway/deregister/web/web-9"), HttpStatusCode.NotFound);
        await ProblemAsync(await _gateway.Client.DeleteAsync("/gateway/deregister/other/web-1"), HttpStatusCode.NotFound);
        await AssertRegistryUnchangedAsync();
    }

    [Fact]
    public async Task A_conflicting_registration_is_409_and_keeps_the_original()
    {
        var response = await _gateway.Client.PostAsJsonAsync("/gateway/register", McpServers.Http("web", "web-1", "http://127.0.0.1:10/other", weight: 5));
        await ProblemAsync(response, HttpStatusCode.Conflict);
        await AssertRegistryUnchangedAsync();
    }

    public static TheoryData<string, string> InvalidRegistrations => new()
    {
        { """{"id":"a","endpoint":"http://127.0.0.1:9/mcp"}""", "template" },
        { """{"template":"Bad Name","endpoint":"http://127.0.0.1:9/mcp"}""", "template" },
        { """{"template":"x' OR 1=1 --","endpoint":"http://127.0.0.1:9/mcp"}""", "template" },
        { """{"template":"ok","id":"../../etc","endpoint":"http://127.0.0.1:9/mcp"}""", "id" },
        { """{"template":"ok","endpoint":"ftp://127.0.0.1/x"}""", "endpoint" },
        { """{"template":"ok","endpoint":"not a url"}""", "endpoint" },
        { """{"template":"ok"}""", "endpoint" },
        { """{"template":"ok","endpoint":"http://127.0.0.1:9/mcp","command":"node"}""", "endpoint" },
        { """{"template":"ok","endpoint":"http://127.0.0.1:9/mcp","weight":0}""", "weight" },
        { """{"template":"ok","transport":"carrier-pigeon","endpoint":"http://127.0.0.1:9/mcp"}""", "transport" },
        { """{"template":"ok","command":"node","env":{"A=B":"c"}}""", "env" },
        { """{"template":"ok","command":"node\u0000--inspect"}""", "command" },
        { """{"template":"ok","command":"node","args":["server.js\u0000","--x"]}""", "args" },
        { """{"template":"ok","command":"node","args":["--name","a\nforged log line"]}""", "args" },
        { """{"template":"ok","command":"node","args":["ok",null]}""", "args" },
        { """{"template":"ok","command":"node","env":{"A\u0000B":"c"}}""", "env" },
        { """{"template":"ok","command":"node","env":{"A":"c\u0000d"}}""", "env" },
        { """{"template":"ok","command":"node","env":{"A":"\u001b[31m"}}""", "env" },
        { """{"template":"ok","command":"node","working_dir":"/tmp\u0000/x"}""", "working_dir" },
        { """{"template":"ok","endpoint":"http://127.0.0.1:9/mcp","load_balancer":{"strategy":"fastest"}}""", "strategy" },
        { """{"template":"ok","endpoint":"http://127.0.0.1:9/mcp","load_balancer":{"timeout":0}}""", "timeout" },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task Invalid_registrations_are_400_naming_the_field_and_store_nothing(string body, string field)
    {
        var problem = await ProblemAsync(await _gateway.Client.PostAsync("/gateway/register", Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains(field, problem["detail"]!.GetValue<string>());
        await AssertRegistryUnchangedAsync();
    }

    [Fact]
    public async Task No_healthy_instance_is_503_with_a_clear_body()
    {
        // 127.0.0.1:9 refuses connections: the only instance is unreachable.
        var first = await _gateway.CallToolAsync("web", "echo");
        await ProblemAsync(first, HttpStatusCode.ServiceUnavailable);
        var second = await _gateway.CallToolAsync("web", "echo");
        var problem = await ProblemAsync(second, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("no healthy instance", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }
}
