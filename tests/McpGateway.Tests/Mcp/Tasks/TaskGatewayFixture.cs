using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using McpGateway.Tests.Security;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>
/// One gateway with authentication on for the task tests: our test server over stdio behind <c>fix</c> and <c>other</c>,
/// users alice and bob with a key each. Tasks suggest polling every 100 ms and list two per page.
/// </summary>
public sealed class TaskGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;
    public HttpClient Alice { get; private set; } = null!;
    public HttpClient Bob { get; private set; } = null!;

    /// <summary>A key of alice's that may call only <c>echo</c>.</summary>
    public HttpClient AliceEchoOnly { get; private set; } = null!;

    public string Url(string? template = "fix") => new Uri(Gateway.BaseAddress, template is null ? "/mcp" : "/mcp/" + template).ToString();

    public async Task InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Mcp:Tasks:PollIntervalMilliseconds"] = "100",
            ["McpGateway:Mcp:Tasks:PageSize"] = "2",
        });
        await Gateway.RegisterAsync(McpServers.TestServerStdio("fix", "fix-1"));
        await Gateway.RegisterAsync(McpServers.TestServerStdio("other", "other-1"));
        await Gateway.CreateUserAsync("alice");
        await Gateway.CreateUserAsync("bob");
        Alice = Gateway.CreateClient((await Gateway.CreateKeyAsync(new JsonObject { ["owner"] = "alice" })).Key);
        Bob = Gateway.CreateClient((await Gateway.CreateKeyAsync(new JsonObject { ["owner"] = "bob" })).Key);
        AliceEchoOnly = Gateway.CreateClient((await Gateway.CreateKeyAsync(new JsonObject { ["owner"] = "alice", ["tools"] = new JsonArray("echo") })).Key);
    }

    public async Task DisposeAsync()
    {
        Alice.Dispose();
        Bob.Dispose();
        AliceEchoOnly.Dispose();
        await Gateway.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TaskCollection : ICollectionFixture<TaskGatewayFixture>
{
    public const string Name = "MCP tasks";
}
