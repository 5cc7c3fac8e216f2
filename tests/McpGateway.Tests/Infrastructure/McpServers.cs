using System.Text.Json.Nodes;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Real MCP servers on 127.0.0.1 for the tests: server-everything (npm) and our own test server (C#).</summary>
public static class McpServers
{
    public static string TestServerDll => Path.Combine(Repo.Root, "tests", "servers", "McpGateway.TestServer", "bin", Repo.Configuration, "net10.0", "McpGateway.TestServer.dll");

    /// <summary>server-everything over Streamable HTTP on a free port.</summary>
    public static async Task<RunningServer> StartEverythingHttpAsync()
    {
        var port = Ports.Free();
        var process = ChildProcess.Start(Peers.Node, [Peers.ServerEverything, "streamableHttp"], new Dictionary<string, string> { ["PORT"] = port.ToString() });
        return await RunningServer.WaitAsync(process, port, "/mcp");
    }

    /// <summary>Our test server over Streamable HTTP on a free port.</summary>
    public static async Task<RunningServer> StartTestServerHttpAsync(string id, params string[] extraArgs)
    {
        var port = Ports.Free();
        var process = ChildProcess.Start("dotnet", [TestServerDll, "--http", "--port", port.ToString(), "--id", id, .. extraArgs]);
        return await RunningServer.WaitAsync(process, port, "/mcp");
    }

    /// <summary>A registration body for server-everything over stdio.</summary>
    public static JsonObject EverythingStdio(string template, string id) => new()
    {
        ["template"] = template,
        ["id"] = id,
        ["command"] = Peers.Node,
        ["args"] = new JsonArray(Peers.ServerEverything, "stdio"),
    };

    /// <summary>A registration body for the test server over stdio.</summary>
    public static JsonObject TestServerStdio(string template, string id, params string[] extraArgs)
    {
        var args = new JsonArray(TestServerDll, "--stdio", "--id", id);
        foreach (var arg in extraArgs)
        {
            args.Add(arg);
        }
        return new JsonObject { ["template"] = template, ["id"] = id, ["command"] = "dotnet", ["args"] = args };
    }

    public static JsonObject Http(string template, string id, string endpoint, int weight = 1) => new()
    {
        ["template"] = template,
        ["id"] = id,
        ["endpoint"] = endpoint,
        ["weight"] = weight,
    };
}

public sealed class RunningServer(ChildProcess process, int port, string path) : IAsyncDisposable
{
    public ChildProcess Process { get; } = process;
    public int Port { get; } = port;
    public string Endpoint { get; } = $"http://127.0.0.1:{port}{path}";

    public static async Task<RunningServer> WaitAsync(ChildProcess process, int port, string path)
    {
        try
        {
            await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => process.HasExited);
        }
        catch (Exception e)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException($"MCP server did not start: {e.Message}\n{process.Output}", e);
        }
        return new RunningServer(process, port, path);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
