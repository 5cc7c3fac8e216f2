using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>The same requests sent directly to the fixture server and through <c>/mcp/{template}</c> give the same results.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class TransparencyTests(McpFrontDoorFixture fixture)
{
    public static TheoryData<string, string> Requests => new()
    {
        { "tools/list", "{}" },
        { "tools/call", """{"name":"test_simple_text","arguments":{}}""" },
        { "tools/call", """{"name":"test_image_content","arguments":{}}""" },
        { "tools/call", """{"name":"test_embedded_resource","arguments":{}}""" },
        { "tools/call", """{"name":"test_error_handling","arguments":{}}""" },
        { "tools/call", """{"name":"no_such_tool","arguments":{}}""" },
        { "resources/list", "{}" },
        { "resources/templates/list", "{}" },
        { "resources/read", """{"uri":"test://static-text"}""" },
        { "resources/read", """{"uri":"test://no-such-resource"}""" },
        { "prompts/list", "{}" },
        { "prompts/get", """{"name":"test_prompt_with_arguments","arguments":{"arg1":"a","arg2":"b"}}""" },
        { "completion/complete", """{"ref":{"type":"ref/prompt","name":"test_prompt_with_arguments"},"argument":{"name":"arg1","value":"a"}}""" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Session_requests_give_the_same_results_directly_and_through_the_gateway(string method, string parameters)
    {
        using var http = new HttpClient();
        var direct = new RawMcpClient(http, fixture.FixtureHttp.Endpoint);
        var gateway = new RawMcpClient(http, fixture.Url("fix-http"));
        await direct.InitializeAsync();
        await gateway.InitializeAsync();

        var expected = (await direct.SendAsync(method, JsonNode.Parse(parameters)!.AsObject())).Final;
        var actual = (await gateway.SendAsync(method, JsonNode.Parse(parameters)!.AsObject())).Final;
        WithoutGatewayTaskSupport(actual);

        Assert.Equal(Normalize(expected).ToJsonString(), Normalize(actual).ToJsonString());
    }

    /// <summary>
    /// The one thing the gateway adds for a 2025-11-25 session: every tool may run as a task (a job of the gateway), so each
    /// says <c>execution.taskSupport: "optional"</c> (see docs/mcp-front-door.md, Tasks).
    /// </summary>
    private static void WithoutGatewayTaskSupport(JsonObject message)
    {
        if (message["result"]?["tools"] is not JsonArray tools)
        {
            return;
        }
        foreach (var tool in tools.OfType<JsonObject>())
        {
            var execution = tool["execution"]!.AsObject();
            Assert.Equal("optional", execution["taskSupport"]!.GetValue<string>());
            execution.Remove("taskSupport");
            if (execution.Count == 0)
            {
                tool.Remove("execution");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Stateless_requests_give_the_same_results_directly_and_through_the_gateway(string method, string parameters)
    {
        using var http = new HttpClient();
        var direct = new RawMcpClient(http, fixture.FixtureHttp.Endpoint);
        var gateway = new RawMcpClient(http, fixture.Url("fix-http"));

        var expected = (await direct.SendStatelessAsync(method, JsonNode.Parse(parameters)!.AsObject())).Final;
        var actual = (await gateway.SendStatelessAsync(method, JsonNode.Parse(parameters)!.AsObject())).Final;

        Assert.Equal(Normalize(expected).ToJsonString(), Normalize(actual).ToJsonString());
    }

    /// <summary>Without the request id (the clients count separately), members in a fixed order (JSON objects are unordered).</summary>
    private static JsonNode Normalize(JsonObject message)
    {
        var copy = (JsonObject)message.DeepClone();
        copy.Remove("id");
        return Sorted(copy)!;
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray([.. array.Select(i => Sorted(i?.DeepClone()))]),
        _ => node?.DeepClone(),
    };
}
