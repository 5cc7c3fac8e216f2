using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>The GET stream carries what the upstream sends unasked: a resource update from server-everything reaches it.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class GetStreamTests(McpFrontDoorFixture fixture)
{
    [Fact]
    public async Task A_resource_update_from_the_upstream_arrives_on_the_get_stream()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new RawMcpClient(http, fixture.Url("everything"));
        await client.InitializeAsync();
        try
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, client.Url);
            get.Headers.Accept.ParseAdd("text/event-stream");
            get.Headers.Add("Mcp-Session-Id", client.SessionId);
            get.Headers.Add("MCP-Protocol-Version", client.ProtocolVersion);
            using var stream = await http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

            // The subscription makes the session dedicated (an upstream process of its own); the tool sends one update at once.
            const string uri = "demo://resource/static/document/architecture.md";
            Assert.NotNull((await client.SendAsync("resources/subscribe", new JsonObject { ["uri"] = uri })).Final["result"]);
            Assert.NotNull((await client.SendAsync("tools/call", new JsonObject { ["name"] = "toggle-subscriber-updates", ["arguments"] = new JsonObject() })).Final["result"]);

            // Other unsolicited messages (server-everything announces list changes) may come first.
            var update = await NextMessageAsync(reader);
            while (update["method"]?.GetValue<string>() != "notifications/resources/updated")
            {
                update = await NextMessageAsync(reader);
            }
            Assert.Equal(uri, update["params"]!["uri"]!.GetValue<string>());
        }
        finally
        {
            await client.DeleteAsync();
        }
        Assert.DoesNotContain("StatusCode cannot be set", fixture.Gateway.Logs.Text);
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
        throw new InvalidOperationException("The GET stream ended without a message.");
    }
}
