using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Contract;

/// <summary>
/// The MCP Inspector's CLI (tests/peers, on the official TypeScript SDK's client) over Streamable HTTP with an API key header:
/// one run, one method, its JSON result.
/// </summary>
internal static class InspectorCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<JsonObject> RunAsync(string url, string apiKey, params string[] arguments)
    {
        var cli = Path.Combine(Peers.Directory, "node_modules", ".bin", "mcp-inspector");
        var info = new ProcessStartInfo(Peers.Node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Peers.Directory,
        };
        foreach (var argument in (string[])[cli, "--cli", url, "--transport", "http", "--header", $"X-API-Key: {apiKey}", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"mcp-inspector --cli exited with {process.ExitCode}:\n{output}\n{await stderr}");
        return JsonNode.Parse(output[output.IndexOf('{')..(output.LastIndexOf('}') + 1)])!.AsObject();
    }
}
