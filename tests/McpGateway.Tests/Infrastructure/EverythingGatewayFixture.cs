namespace McpGateway.Tests.Infrastructure;

/// <summary>One gateway with server-everything registered twice: <c>everything</c> over stdio and <c>evhttp</c> over Streamable HTTP.</summary>
public sealed class EverythingGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;
    public RunningServer HttpServer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        HttpServer = await McpServers.StartEverythingHttpAsync();
        Gateway = await GatewayHost.StartAsync();
        await Gateway.RegisterAsync(McpServers.EverythingStdio("everything", "stdio-1"));
        await Gateway.RegisterAsync(McpServers.Http("evhttp", "http-1", HttpServer.Endpoint));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await HttpServer.DisposeAsync();
    }
}
