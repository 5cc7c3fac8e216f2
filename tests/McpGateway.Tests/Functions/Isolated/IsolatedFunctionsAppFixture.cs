using System.Diagnostics;
using System.Net;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// The isolated-worker Functions app (<c>functions/McpGateway.Functions</c>, built with the tests) under the real Functions host
/// (<see cref="FunctionsHostLocator"/>) against a private Azurite: the gateway's Table Storage store and the host's own storage
/// (timer leases) in it. Ready when <c>GET /gateway/health</c> answers 200 through the host. Stopped with SIGTERM, then killed
/// with the worker process the host started after a grace period. A derived fixture adds app settings of its own.
/// </summary>
public class IsolatedFunctionsAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly AzuriteFixture _azurite = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private ChildProcess? _host;

    public IsolatedFunctionsAppFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">App settings added to (or replacing) the fixture's own, as the Functions host passes app settings: environment variables.</param>
    protected IsolatedFunctionsAppFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public string Table { get; } = "gwiso" + Guid.NewGuid().ToString("N")[..12];

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>From starting the host to the first 200 of <c>/gateway/health</c> through it.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string HostOutput => _host?.Output ?? "";

    public static string AppDirectory => Path.Combine(Repo.Root, "functions", "McpGateway.Functions", "bin", Repo.Configuration, "net10.0");

    public async Task InitializeAsync()
    {
        if (FunctionsHostLocator.SkipReason is not null)
        {
            return; // every test skips
        }
        if (!File.Exists(Path.Combine(AppDirectory, "functions.metadata")))
        {
            throw new InvalidOperationException($"{AppDirectory} holds no functions.metadata: build functions/McpGateway.Functions (the test project builds it).");
        }
        await _azurite.InitializeAsync();
        var port = Ports.Free();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var command = FunctionsHostLocator.Command(AppDirectory, port);
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            // Off Azure the host needs an id (at most 32 characters); WEBSITE_HOSTNAME is what it believes its address is.
            ["AzureFunctionsWebHost__hostid"] = "mcpgw-" + Guid.NewGuid().ToString("N")[..12],
            ["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port}",
            ["HealthSweepSchedule"] = "*/2 * * * * *",
            ["API_KEY"] = GatewayHost.AdminKey,
            ["McpGateway__TableName"] = Table,
            ["McpGateway__Jobs__TableName"] = Table + "jobs",
            ["McpGateway__HealthTimeoutSeconds"] = "2",
            ["McpGateway__UnhealthyThreshold"] = "1",
            ["McpGateway__HealthIntervalSeconds"] = "1",
        };
        foreach (var (key, value) in _settings)
        {
            environment[key] = value;
        }
        var started = Stopwatch.StartNew();
        _host = ChildProcess.Start(command.FileName, command.Arguments, environment, command.WorkingDirectory ?? AppDirectory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_host.HasExited)
            {
                throw new InvalidOperationException($"The Functions host ({command.Description}) exited with {_host.Process.ExitCode} before it was ready:\n{Tail(_host.Output)}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/gateway/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (started.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"The Functions host did not answer /gateway/health within {ReadyTimeout.TotalSeconds:0} s:\n{Tail(_host.Output)}");
            }
            await Task.Delay(200);
        }
        StartupTime = started.Elapsed;
    }

    public HttpClient CreateClient(string? apiKey = GatewayHost.AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_host is { } host)
        {
            await StopAsync(host);
        }
        await _azurite.DisposeAsync();
    }

    /// <summary>SIGTERM (the host shuts down gracefully, in several seconds), then a kill of the host and of every process it started.</summary>
    private static async Task StopAsync(ChildProcess host)
    {
        var descendants = Descendants(host.Id);
        if (!host.HasExited && !OperatingSystem.IsWindows())
        {
            using var term = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }
        try
        {
            await host.Process.WaitForExitAsync().WaitAsync(StopGrace);
        }
        catch (TimeoutException)
        {
        }
        await host.DisposeAsync(); // kills what is left of the tree
        foreach (var id in descendants)
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // gone already
            }
        }
    }

    /// <summary>The process ids below <paramref name="root"/> (Linux: /proc/&lt;pid&gt;/task/*/children), so a worker outliving the host is found.</summary>
    private static List<int> Descendants(int root)
    {
        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.Count > 0)
        {
            var id = pending.Dequeue();
            var tasks = $"/proc/{id}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }
            try
            {
                foreach (var task in Directory.EnumerateDirectories(tasks))
                {
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var childId = int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
                        found.Add(childId);
                        pending.Enqueue(childId);
                    }
                }
            }
            catch (IOException)
            {
            }
        }
        return found;
    }

    private static string Tail(string output) => output.Length <= 8000 ? output : output[^8000..];
}

[CollectionDefinition(Name)]
public sealed class IsolatedFunctionsCollection : ICollectionFixture<IsolatedFunctionsAppFixture>
{
    public const string Name = "Isolated-worker Functions app under the host";
}
