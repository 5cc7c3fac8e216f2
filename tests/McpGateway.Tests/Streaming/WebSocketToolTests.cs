using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Streaming;

/// <summary><c>WS /ws/tools/{name}</c> with <see cref="ClientWebSocket"/>.</summary>
[Collection(StreamingCollection.Name)]
public sealed class WebSocketToolTests(StreamingFixture fixture)
{
    [Fact]
    public async Task Several_concurrent_calls_on_one_socket_are_answered_by_id()
    {
        using var socket = await ConnectAsync("alpha.progress");
        await SendAsync(socket, new JsonObject { ["id"] = "a", ["arguments"] = StreamingFixture.Args(("steps", 5), ("delay_ms", 100)) });
        await SendAsync(socket, new JsonObject { ["id"] = "b", ["arguments"] = StreamingFixture.Args(("steps", 3), ("delay_ms", 10)) });
        await SendAsync(socket, new JsonObject { ["id"] = 7, ["arguments"] = StreamingFixture.Args(("steps", 1), ("delay_ms", 0)) });

        var messages = await ReceiveUntilAsync(socket, m => m.Count(IsFinal) == 3);
        Assert.DoesNotContain(messages, m => m["event"]!.GetValue<string>() == "error");
        foreach (var (id, steps) in new[] { ("a", 5), ("b", 3), ("7", 1) })
        {
            var mine = messages.Where(m => m["id"]!.ToString() == id).ToList();
            var kinds = mine.Select(m => m["event"]!.GetValue<string>()).ToList();
            Assert.Equal(["started", .. Enumerable.Repeat("progress", steps), "chunk", "complete"], kinds);
            ProgressAssert.Complete(mine.Where(m => m["event"]!.GetValue<string>() == "progress").Select(m => m["progress"]!.GetValue<double>()).ToList(),
                steps, string.Join(",", kinds));
            var complete = mine[^1];
            Assert.Equal("success", complete["status"]!.GetValue<string>());
            Assert.Equal($"completed {steps} steps", complete["data"]!["content"]![0]!["text"]!.GetValue<string>());
        }
        Assert.Equal(JsonValueKindOf(7), messages.First(m => m["id"]!.ToString() == "7")["id"]!.GetValueKind());

        // The short calls finished while 'a' was still running: the calls really ran side by side.
        var order = messages.Select(m => (Id: m["id"]!.ToString(), Event: m["event"]!.GetValue<string>())).ToList();
        Assert.True(order.IndexOf(("b", "complete")) < order.IndexOf(("a", "complete")));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task An_unknown_tool_gets_an_error_with_the_id()
    {
        using var socket = await ConnectAsync("alpha.no_such_tool");
        await SendAsync(socket, new JsonObject { ["id"] = "x1", ["arguments"] = new JsonObject() });
        var messages = await ReceiveUntilAsync(socket, m => m.Any(IsFinal));
        var error = messages.Single(m => m["event"]!.GetValue<string>() == "error");
        Assert.Equal("x1", error["id"]!.GetValue<string>());
        Assert.Equal(502, error["error"]!["status"]!.GetValue<int>());
        Assert.NotNull(error["error"]!["detail"]);
    }

    [Fact]
    public async Task A_malformed_message_gets_an_error_and_the_socket_stays_usable()
    {
        using var socket = await ConnectAsync("alpha.echo");
        await socket.SendAsync(Encoding.UTF8.GetBytes("not json"), WebSocketMessageType.Text, true, CancellationToken.None);
        await SendAsync(socket, new JsonObject { ["id"] = "ok", ["arguments"] = StreamingFixture.Args(("message", "hi")) });
        var messages = await ReceiveUntilAsync(socket, m => m.Count(IsFinal) == 2);
        Assert.Equal(400, messages.Single(m => m["event"]!.GetValue<string>() == "error")["error"]!["status"]!.GetValue<int>());
        Assert.Equal("hi", messages.Single(m => m["event"]!.GetValue<string>() == "complete")["data"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_template_is_refused_before_the_upgrade()
    {
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Uri("nosuchtemplate.echo"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
    }

    private static bool IsFinal(JsonNode message) => message["event"]!.GetValue<string>() is "complete" or "error";

    private static System.Text.Json.JsonValueKind JsonValueKindOf(int value) => JsonValue.Create(value).GetValueKind();

    // Browsers cannot set headers on a WebSocket: the key travels as api_key (accepted on /ws/ paths only).
    private Uri Uri(string tool) => new($"ws://{fixture.Gateway.BaseAddress.Authority}/ws/tools/{tool}?api_key={System.Uri.EscapeDataString(McpGateway.Tests.Infrastructure.GatewayHost.AdminKey)}");

    private async Task<ClientWebSocket> ConnectAsync(string tool)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(Uri(tool), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, JsonObject message)
        => socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<List<JsonNode>> ReceiveUntilAsync(ClientWebSocket socket, Func<List<JsonNode>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var messages = new List<JsonNode>();
        var buffer = new byte[64 * 1024];
        while (!done(messages))
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                text.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            messages.Add(JsonNode.Parse(text.ToArray())!);
        }
        return messages;
    }
}
