using System.Text.Json.Nodes;
using McpGateway.Client.Tests.Infrastructure;
using McpGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace McpGateway.Client.Tests.Sdk;

[Collection(ClientGatewayCollection.Name)]
public sealed class FailoverTests(ClientGatewayFixture fixture)
{
    private static GatewayClient Client(params Uri[] urls)
    {
        var options = new GatewayClientOptions { ApiKey = GatewayHost.AdminKey, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var url in urls)
        {
            options.Urls.Add(url);
        }
        return new GatewayClient(options);
    }

    private static Uri Nobody() => new($"http://127.0.0.1:{Ports.Free()}/");

    [Fact]
    public async Task A_call_moves_to_the_next_gateway_when_the_first_refuses_the_connection()
    {
        var down = Nobody();
        using var client = Client(down, fixture.Url);
        var result = await client.CallToolAsync(ClientGatewayFixture.Template, "echo", new { message = "over there" });
        Assert.Equal("over there", result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Single().Text);
        Assert.Equal(fixture.Url.Port, client.CurrentUrl.Port);

        // The gateway that answered is tried first from now on.
        await client.ListToolsAsync(ClientGatewayFixture.Template);
        Assert.Equal(fixture.Url.Port, client.CurrentUrl.Port);
    }

    [Fact]
    public async Task Every_gateway_down_is_GatewayUnavailableException_naming_them()
    {
        var a = Nobody();
        var b = Nobody();
        using var client = Client(a, b);
        var e = await Assert.ThrowsAsync<GatewayUnavailableException>(() => client.CallToolAsync("t", "x"));
        Assert.Equal([a, b], e.Urls);
        Assert.Contains($":{a.Port}", e.Message);
        Assert.Contains("is the gateway running", e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task A_tool_call_that_reached_a_gateway_is_never_sent_to_the_next_one()
    {
        await using var aborting = await StubServer.StartAbortingAsync();
        await using var second = await StubServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"content":[{"type":"text","text":"second"}],"tools":[]}""");
        });
        using var client = Client(aborting.Url, second.Url);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.CallToolAsync("t", "transfer", new { amount = 100 }));
        Assert.False(GatewayClient.NotSent(e));
        Assert.Equal(1, aborting.Requests);
        Assert.Equal(0, second.Requests);

        // A job submission is not repeated either.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.StartJobAsync("t", "transfer"));
        Assert.Equal(0, second.Requests);

        // A read is safe to repeat: it moves on.
        var tools = await client.ListToolsAsync("t");
        Assert.Empty(tools);
        Assert.Equal(1, second.Requests);
    }

    [Fact]
    public async Task A_timeout_of_a_tool_call_is_not_retried_but_a_read_is()
    {
        var release = new TaskCompletionSource();
        await using var hanging = await StubServer.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await Task.WhenAny(release.Task, Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted));
        });
        await using var second = await StubServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"tools":[],"count":0}""");
        });
        var options = new GatewayClientOptions { Timeout = TimeSpan.FromSeconds(1) };
        options.Urls.Add(hanging.Url);
        options.Urls.Add(second.Url);
        using var client = new GatewayClient(options);
        try
        {
            var e = await Assert.ThrowsAsync<TimeoutException>(() => client.CallToolAsync("t", "transfer"));
            Assert.Contains("may have run", e.Message);
            Assert.Equal(0, second.Requests);

            Assert.Empty(await client.ListToolsAsync("t"));
            Assert.Equal(1, second.Requests);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Credentials_go_with_every_request()
    {
        var seen = new List<(string? Key, string? Auth)>();
        await using var stub = await StubServer.StartAsync(context =>
        {
            lock (seen)
            {
                seen.Add((context.Request.Headers["X-API-Key"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault()));
            }
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(new JsonObject { ["status"] = "healthy" }.ToJsonString());
        });
        using var keyed = new GatewayClient(stub.Url.ToString(), apiKey: "mgw_key");
        await keyed.GetHealthAsync();
        using var bearer = new GatewayClient(stub.Url.ToString(), token: "jwt-value");
        await bearer.GetHealthAsync();
        Assert.Equal(("mgw_key", (string?)null), seen[0]);
        Assert.Equal(((string?)null, "Bearer jwt-value"), seen[1]);
    }
}
