using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;
using McpGateway.Upstreams;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>
/// One gateway with server-everything over Streamable HTTP behind <c>ev</c>: its <c>simulate-research-query</c> runs only as a
/// 2025-11-25 task of the upstream (four stages, about 4 s). The upstream's own result for a topic is taken once from a client
/// of our own straight to the server.
/// </summary>
public sealed class UpstreamTaskFixture : IAsyncLifetime
{
    public const string Template = "ev";
    public const string Tool = "simulate-research-query";
    private readonly SemaphoreSlim _direct = new(1, 1);
    private readonly Dictionary<string, JsonObject> _directResults = new(StringComparer.Ordinal);

    public GatewayHost Gateway { get; private set; } = null!;
    public RunningServer Server { get; private set; } = null!;

    public string Url => new Uri(Gateway.BaseAddress, "/mcp/" + Template).ToString();

    public async Task InitializeAsync()
    {
        Server = await McpServers.StartEverythingHttpAsync();
        Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Mcp:Tasks:PollIntervalMilliseconds"] = "100",
            ["McpGateway:Jobs:PollIntervalMilliseconds"] = "100",
        });
        await Gateway.RegisterAsync(McpServers.Http(Template, "ev-1", Server.Endpoint));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>The upstream's result for <paramref name="topic"/>, from a 2025-11-25 task of its own (without <c>_meta</c>).</summary>
    public async Task<JsonObject> DirectResultAsync(string topic)
    {
        await _direct.WaitAsync();
        try
        {
            if (!_directResults.TryGetValue(topic, out var result))
            {
                using var http = new HttpClient();
                var client = await TaskClient.SessionAsync(http, Server.Endpoint);
                var task = await client.CreateAsync(Tool, new JsonObject { ["topic"] = topic });
                var taskId = task["taskId"]!.GetValue<string>();
                await client.PollUntilTerminalAsync(taskId);
                result = (await client.SendAsync("tasks/result", TaskClient.Id(taskId))).Final["result"]!.AsObject();
                result.Remove("_meta");
                _directResults[topic] = result;
            }
            return result;
        }
        finally
        {
            _direct.Release();
        }
    }

    /// <summary>The tasks of the gateway's own upstream session, as that upstream lists them (tasks/list on the same session).</summary>
    public async Task<JsonArray> UpstreamTasksAsync()
    {
        var instance = Gateway.Get<GatewayRegistry>().Get(Template).Instances.Single().Definition;
        var listed = await Gateway.Get<UpstreamConnections>().Get(instance).SendAsync("tasks/list", new JsonObject(), TimeSpan.FromSeconds(10), CancellationToken.None);
        return listed!["tasks"]!.AsArray();
    }

    public static string Text(JsonNode result) => result["content"]![0]!["text"]!.GetValue<string>();
}

[CollectionDefinition(Name)]
public sealed class UpstreamTaskCollection : ICollectionFixture<UpstreamTaskFixture>
{
    public const string Name = "Upstream tasks";
}
