using System.Diagnostics;

namespace McpGateway.Tests.Infrastructure;

/// <summary>
/// The pinned npm peers (tests/peers): real MCP servers, Azurite, the conformance suite. Installed on first use with
/// tests/peers/install.sh; a missing peer fails the test (never a skip), so CI cannot pass without them.
/// </summary>
public static class Peers
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => Installed.Value;

    public static string Node => "node";

    public static string ServerEverything => Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    private static string Install()
    {
        var dir = Path.Combine(Repo.Root, "tests", "peers");
        if (!File.Exists(Path.Combine(dir, "node_modules", ".package-lock.json")))
        {
            var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(dir, "install.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stderr = install.StandardError.ReadToEndAsync();
            install.StandardOutput.ReadToEnd();
            install.WaitForExit();
            if (install.ExitCode != 0)
            {
                throw new InvalidOperationException("tests/peers/install.sh failed: " + stderr.Result);
            }
        }
        if (!File.Exists(Path.Combine(dir, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js")))
        {
            throw new InvalidOperationException("@modelcontextprotocol/server-everything is missing from tests/peers/node_modules; run tests/peers/install.sh.");
        }
        return dir;
    }
}
