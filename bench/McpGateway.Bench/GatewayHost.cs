using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Bench;

/// <summary>The Release gateway as its own process on loopback (auth off, temp data folder), shared by the bench projects.</summary>
public sealed class GatewayHost : IDisposable
{
    private GatewayHost(ChildProcess process, Uri uri, HttpClient http, string dataDir)
    {
        Process = process;
        Uri = uri;
        Http = http;
        DataDirectory = dataDir;
    }

    public ChildProcess Process { get; }
    public Uri Uri { get; }
    public HttpClient Http { get; }
    public string DataDirectory { get; }

    public static string Dll(string repoRoot) => Path.Combine(repoRoot, "src", "McpGateway", "bin", "Release", "net10.0", "McpGateway.dll");

    public static HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    { Timeout = TimeSpan.FromSeconds(120) };

    /// <param name="dataRoot">Parent of the gateway's temp data folder (SQLite files); the system temp folder when null.</param>
    public static async Task<GatewayHost> StartAsync(string repoRoot, IReadOnlyDictionary<string, string>? extraEnv = null, string? dataRoot = null)
    {
        var dll = Dll(repoRoot);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing; build Release first (dotnet build src/McpGateway -c Release).");
        }
        var dataDir = Path.Combine(dataRoot ?? Path.GetTempPath(), "mcpgw-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var port = Ports.Free();
        var env = new Dictionary<string, string>
        {
            ["MCP_GATEWAY_HOST"] = "127.0.0.1",
            ["MCP_GATEWAY_PORT"] = port.ToString(),
            ["McpGateway__DataDirectory"] = dataDir,
            ["LOG_LEVEL"] = "warning",
            ["McpGateway__Auth__Enabled"] = "false",
            // With auth off every caller is the anonymous admin, rate-limited like any key (100/min by default): 0 = off.
            ["McpGateway__Auth__RateLimitPerMinute"] = "0",
        };
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        var process = ChildProcess.Start("dotnet", [dll], env, repoRoot);
        await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), process);
        var host = new GatewayHost(process, new Uri($"http://127.0.0.1:{port}"), NewHttpClient(), dataDir);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await host.Http.GetAsync(new Uri(host.Uri, "/gateway/health"));
                if (response.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                host.Dispose();
                throw new InvalidOperationException($"gateway did not become healthy:\n{process.Output}");
            }
            await Task.Delay(100);
        }
    }

    public async Task RegisterAsync(JsonObject body)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(Uri, "/gateway/register"), body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"register failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
