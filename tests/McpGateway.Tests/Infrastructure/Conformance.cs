using System.Text.RegularExpressions;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Runs the official MCP conformance suite (tests/peers, node 22) against a server URL and parses its summary.</summary>
public static partial class Conformance
{
    public sealed record Result(int Passed, int Failed, string Output);

    public static async Task<Result> RunAsync(string url, string? scenario = null)
    {
        var dir = Peers.Directory;
        var node = Path.Combine(dir, "node_modules", ".bin", "node");
        var suite = Path.Combine(dir, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
        string[] args = scenario is null ? [suite, "server", "--url", url] : [suite, "server", "--url", url, "--scenario", scenario];
        await using var process = ChildProcess.Start(node, args, workingDirectory: dir);
        await process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(100);
        var output = process.Output;
        if (scenario is not null)
        {
            var line = ScenarioLine().Match(output);
            if (!line.Success)
            {
                throw new InvalidOperationException($"The conformance scenario '{scenario}' printed no 'Passed:' line:\n" + output);
            }
            return new Result(int.Parse(line.Groups[1].Value), int.Parse(line.Groups[2].Value), output);
        }
        var total = TotalLine().Match(output);
        if (!total.Success)
        {
            throw new InvalidOperationException("The conformance suite printed no 'Total:' line:\n" + output);
        }
        return new Result(int.Parse(total.Groups[1].Value), int.Parse(total.Groups[2].Value), output);
    }

    [GeneratedRegex(@"Total: (\d+) passed, (\d+) failed")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Passed: (\d+)/\d+, (\d+) failed")]
    private static partial Regex ScenarioLine();
}
