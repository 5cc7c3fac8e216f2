using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>
/// One gateway for the MCP front-door tests, started once: the fixture test server behind <c>fix-stdio</c> (stdio) and
/// <c>fix-http</c> (its own Streamable HTTP), and server-everything behind <c>everything</c> (stdio).
/// </summary>
public sealed class McpFrontDoorFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;
    public RunningServer FixtureHttp { get; private set; } = null!;

    /// <summary>Authentication off (allowed on loopback): the conformance suite and the Inspector CLI send no key. <see cref="AuthTests"/> covers it on.</summary>
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["McpGateway:Auth:Enabled"] = "false",
        ["McpGateway:Mcp:SessionIdleSeconds"] = "60",
        ["McpGateway:Mcp:ReapIntervalSeconds"] = "5",
        // With authentication off every caller is the one anonymous principal, and the tests of this collection (the
        // conformance suite, the Inspector CLI) open many dedicated sessions that they never end.
        ["McpGateway:Pool:MaxDedicatedPerPrincipal"] = "64",
    };

    public string Url(string? template = null) => new Uri(Gateway.BaseAddress, template is null ? "/mcp" : "/mcp/" + template).ToString();

    public async Task InitializeAsync()
    {
        _ = Peers.Directory;
        var fixtureHttp = McpServers.StartTestServerHttpAsync("fix-http-1");
        Gateway = await GatewayHost.StartAsync(Settings);
        FixtureHttp = await fixtureHttp;
        await Gateway.RegisterAsync(McpServers.TestServerStdio("fix-stdio", "fix-stdio-1"));
        await Gateway.RegisterAsync(McpServers.Http("fix-http", "fix-http-1", FixtureHttp.Endpoint));
        await Gateway.RegisterAsync(McpServers.EverythingStdio("everything", "everything-1"));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await FixtureHttp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class McpFrontDoorCollection : ICollectionFixture<McpFrontDoorFixture>
{
    public const string Name = "MCP front door";
}
