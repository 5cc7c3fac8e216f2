using McpGateway.Client;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Client.Tests.Infrastructure;

/// <summary>
/// One real gateway (authentication on, static admin key) with our test MCP server registered over stdio as template
/// <c>ts</c> (instance <c>ts-1</c>), shared by the SDK and CLI tests.
/// </summary>
public sealed class ClientGatewayFixture : IAsyncLifetime
{
    public const string Template = "ts";

    public GatewayHost Gateway { get; private set; } = null!;

    public Uri Url => Gateway.BaseAddress;

    public async Task InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync();
        await Gateway.RegisterAsync(McpServers.TestServerStdio(Template, "ts-1"));
    }

    /// <summary>A client of this gateway with the admin key (or the given credentials).</summary>
    public GatewayClient Client(string? apiKey = GatewayHost.AdminKey, string? token = null) => new(Url.ToString(), apiKey, token);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClientGatewayCollection : ICollectionFixture<ClientGatewayFixture>
{
    public const string Name = "client gateway";
}
