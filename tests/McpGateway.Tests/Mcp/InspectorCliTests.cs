using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp;

/// <summary>The MCP Inspector's CLI (1.0.3, Streamable HTTP) lists and calls server-everything's tools through the gateway.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class InspectorCliTests(McpFrontDoorFixture fixture)
{
    private static async Task<JsonObject> RunAsync(params string[] arguments)
    {
        var cli = Path.Combine(Peers.Directory, "node_modules", ".bin", "mcp-inspector");
        await using var process = ChildProcess.Start(Peers.Node, [cli, "--cli", .. arguments], workingDirectory: Peers.Directory);
        await process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(100);
        var output = process.Output;
        Assert.True(process.Process.ExitCode == 0, output);
        var json = output[output.IndexOf('{')..(output.LastIndexOf('}') + 1)];
        return JsonNode.Parse(json)!.AsObject();
    }

    [Fact]
    public async Task Lists_tools()
    {
        var result = await RunAsync(fixture.Url("everything"), "--transport", "http", "--method", "tools/list");
        var names = result["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("echo", names);
        Assert.Contains("trigger-long-running-operation", names);
    }

    [Fact]
    public async Task Calls_a_tool()
    {
        var result = await RunAsync(fixture.Url("everything"), "--transport", "http", "--method", "tools/call",
            "--tool-name", "get-sum", "--tool-arg", "a=19", "--tool-arg", "b=23");
        Assert.Contains("42", result["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lists_namespaced_tools_on_the_aggregate()
    {
        var result = await RunAsync(fixture.Url(), "--transport", "http", "--method", "tools/list");
        var names = result["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("everything.echo", names);
        Assert.Contains("fix-stdio.test_simple_text", names);
    }
}
