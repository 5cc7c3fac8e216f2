using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;
using McpGateway.Upstreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Upstreams;

/// <summary>
/// Registration checks an upstream's address once; a redirect could send the gateway anywhere afterwards. Upstream redirects
/// are not followed, and every connection is checked again when it is opened.
/// </summary>
public sealed class UpstreamRedirectTests
{
    [Fact]
    public async Task A_redirecting_upstream_fails_clearly_and_its_target_is_never_called()
    {
        await using var target = await LoopbackApp.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await using var redirecting = await LoopbackApp.RedirectingAsync(target.BaseAddress + "/mcp");
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.Http("redir", "r1", redirecting.BaseAddress + "/mcp"));

        var response = await gateway.Client.GetAsync("/mcp/redir/tools/list");

        Assert.False(response.IsSuccessStatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("redirect (HTTP 307)", problem);
        Assert.DoesNotContain(target.BaseAddress, problem);
        Assert.True(redirecting.Hits > 0);
        Assert.Equal(0, target.Hits);
    }

    [Fact]
    public async Task A_redirect_to_the_metadata_service_is_not_followed_and_nothing_connects_there()
    {
        // Every connection the gateway opens goes through this recorder; it only ever connects to loopback itself.
        var connected = new List<IPAddress>();
        var guard = new UpstreamConnectGuard(allowBlocked: false, connect: async (address, port, cancellationToken) =>
        {
            lock (connected)
            {
                connected.Add(address);
            }
            Assert.True(IPAddress.IsLoopback(address), $"The gateway tried to connect to {address}.");
            var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(address, port, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        });
        await using var redirecting = await LoopbackApp.RedirectingAsync("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        await using var gateway = await GatewayHost.StartAsync(services: s => s.AddSingleton(new UpstreamHttpClient(guard)));
        await gateway.RegisterAsync(McpServers.Http("meta", "m1", redirecting.BaseAddress + "/mcp"));

        var response = await gateway.CallToolAsync("meta", "echo", new JsonObject { ["message"] = "hi" });

        Assert.False(response.IsSuccessStatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("redirect", problem);
        Assert.DoesNotContain("169.254", problem);
        Assert.True(redirecting.Hits > 0);
        lock (connected)
        {
            Assert.NotEmpty(connected);
            Assert.All(connected, a => Assert.True(IPAddress.IsLoopback(a)));
        }
    }
}
