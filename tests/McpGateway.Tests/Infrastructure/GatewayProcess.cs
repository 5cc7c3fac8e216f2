namespace McpGateway.Tests.Infrastructure;

/// <summary>
/// The gateway executable (<c>McpGateway.dll</c>, copied next to the test assembly) as a separate process on a free port,
/// configured by environment variables. <see cref="Crash"/> is a SIGKILL of the gateway alone (not its children);
/// dispose kills whatever is left of its tree.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private GatewayProcess(ChildProcess process, int port)
    {
        Process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("X-API-Key", GatewayHost.AdminKey);
    }

    public ChildProcess Process { get; }
    public HttpClient Client { get; }

    public static async Task<GatewayProcess> StartAsync(IDictionary<string, string> environment)
    {
        var port = Ports.Free();
        var settings = new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Warning",
            ["API_KEY"] = GatewayHost.AdminKey, // "" in environment: no static key (a first start prints an admin key)
            ["API_RATE_LIMIT"] = "0",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }
        settings["McpGateway__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "McpGateway.dll")], settings);
        try
        {
            await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), () => process.HasExited);
        }
        catch (Exception e)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException($"The gateway did not start: {e.Message}\n{process.Output}", e);
        }
        return new GatewayProcess(process, port);
    }

    /// <summary>SIGKILL, gateway process only: its stdio MCP servers are orphaned as in a real crash.</summary>
    public async Task CrashAsync()
    {
        Process.Process.Kill(entireProcessTree: false);
        await Process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
