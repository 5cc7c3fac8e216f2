namespace McpGateway.Bench;

/// <summary>How to run the upstream MCP server under test, over Streamable HTTP and over stdio.</summary>
public sealed record UpstreamSpec(
    string Key,
    string Description,
    string HttpFile,
    IReadOnlyList<string> HttpArgs,
    IReadOnlyDictionary<string, string> HttpEnv,
    string HttpPath,
    string StdioCommand,
    IReadOnlyList<string> StdioArgs,
    string ProcessMarker,
    Func<string, string> EchoText)
{
    /// <summary>The upstream for <c>--upstream KEY</c>; <paramref name="port"/> is where its HTTP flavour listens.</summary>
    public static UpstreamSpec For(string key, string repoRoot, int port) => key switch
    {
        "everything" => Everything(repoRoot, port),
        _ => TestServer(repoRoot, port),
    };

    public static string TestServerDll(string repoRoot)
        => Path.Combine(repoRoot, "tests", "servers", "McpGateway.TestServer", "bin", "Release", "net10.0", "McpGateway.TestServer.dll");

    public static string EverythingJs(string repoRoot)
        => Path.Combine(repoRoot, "tests", "peers", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    private static UpstreamSpec TestServer(string repoRoot, int port)
    {
        var dll = TestServerDll(repoRoot);
        return new UpstreamSpec("testserver", "tests/servers/McpGateway.TestServer (`echo`, C#)",
            "dotnet", [dll, "--http", "--port", port.ToString(), "--id", "bench-http-1"], new Dictionary<string, string>(), "/mcp",
            "dotnet", [dll, "--stdio"], "McpGateway.TestServer.dll", m => m);
    }

    /// <summary>npm @modelcontextprotocol/server-everything on node: <c>echo</c> answers "Echo: {message}"; its HTTP mode listens on PORT (all interfaces).</summary>
    private static UpstreamSpec Everything(string repoRoot, int port)
    {
        var js = EverythingJs(repoRoot);
        return new UpstreamSpec("everything", "npm @modelcontextprotocol/server-everything (`echo`, node " + NodeVersion() + ")",
            "node", [js, "streamableHttp"], new Dictionary<string, string> { ["PORT"] = port.ToString() }, "/mcp",
            "node", [js, "stdio"], "server-everything", m => "Echo: " + m);
    }

    private static string NodeVersion()
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            var v = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return v;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
