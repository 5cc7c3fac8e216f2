using System.Diagnostics;
using System.Net;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// One Functions host (<see cref="FunctionsHostLocator"/>) running the isolated-worker app on a free loopback port, with the given
/// storage, task hub and gateway tables. Ready when <c>GET /gateway/health</c> answers 200 through it. <see cref="StopAsync"/> is a
/// graceful SIGTERM; <see cref="KillAsync"/> is <c>kill -9</c> of the host and every process it started (the worker), as a crash.
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _host;

    private FunctionsHostProcess(ChildProcess host, Uri baseAddress)
    {
        _host = host;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output => _host.Output;

    /// <summary>From starting the host to the first 200 of <c>/gateway/health</c> through it.</summary>
    public TimeSpan StartupTime { get; private set; }

    public static string AppDirectory => Path.Combine(Repo.Root, "functions", "McpGateway.Functions", "bin", Repo.Configuration, "net10.0");

    /// <param name="storage">The Azurite (or account) connection string: the host's own storage, the task hub and the gateway's tables.</param>
    /// <param name="hub">The Durable task hub (letters and digits); hosts with the same hub share jobs.</param>
    /// <param name="table">The gateway's registry table; <c>{table}jobs</c> holds the job records.</param>
    public static async Task<FunctionsHostProcess> StartAsync(string storage, string hub, string table, IDictionary<string, string>? extra = null)
    {
        if (!File.Exists(Path.Combine(AppDirectory, "functions.metadata")))
        {
            throw new InvalidOperationException($"{AppDirectory} holds no functions.metadata: build functions/McpGateway.Functions (the test project builds it).");
        }
        var port = Ports.Free();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var command = FunctionsHostLocator.Command(AppDirectory, port);
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            // Off Azure the host needs an id (at most 32 characters); WEBSITE_HOSTNAME is what it believes its address is.
            ["AzureFunctionsWebHost__hostid"] = "mcpgw-" + Guid.NewGuid().ToString("N")[..12],
            ["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port}",
            ["DurableTaskHubName"] = hub,
            ["StdioReplyQueueName"] = "stdiodone" + hub.ToLowerInvariant(),
            ["HealthSweepSchedule"] = "*/2 * * * * *",
            ["API_KEY"] = GatewayHost.AdminKey,
            // As GatewayHost: no default per-caller limit, so tests polling as the admin are never throttled (keys with a limit of
            // their own still are).
            ["McpGateway__Auth__RateLimitPerMinute"] = "0",
            ["McpGateway__TableName"] = table,
            ["McpGateway__Jobs__TableName"] = table + "jobs",
            ["McpGateway__HealthTimeoutSeconds"] = "2",
            ["McpGateway__UnhealthyThreshold"] = "1",
            ["McpGateway__HealthIntervalSeconds"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var started = Stopwatch.StartNew();
        var process = new FunctionsHostProcess(ChildProcess.Start(command.FileName, command.Arguments, environment, command.WorkingDirectory ?? AppDirectory), baseAddress);
        try
        {
            await process.WaitReadyAsync(command.Description, started);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        process.StartupTime = started.Elapsed;
        return process;
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

    /// <summary>A crash: SIGKILL to the host and every process below it, at once, nothing shut down gracefully.</summary>
    public async Task KillAsync()
    {
        var tree = Descendants(_host.Id);
        tree.Insert(0, _host.Id);
        foreach (var id in tree)
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill(); // SIGKILL
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
        await _host.Process.WaitForExitAsync();
    }

    /// <summary>SIGTERM (the host shuts down gracefully, in several seconds), then a kill of the host and of every process it started.</summary>
    public async Task StopAsync()
    {
        var descendants = Descendants(_host.Id);
        if (!_host.HasExited && !OperatingSystem.IsWindows())
        {
            using var term = Process.Start("kill", ["-TERM", _host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }
        try
        {
            await _host.Process.WaitForExitAsync().WaitAsync(StopGrace);
        }
        catch (TimeoutException)
        {
        }
        await _host.DisposeAsync(); // kills what is left of the tree
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

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitReadyAsync(string description, Stopwatch started)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (_host.HasExited)
            {
                throw new InvalidOperationException($"The Functions host ({description}) exited with {_host.Process.ExitCode} before it was ready:\n{Tail(_host.Output)}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/gateway/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
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

    public static string Tail(string output) => output.Length <= 8000 ? output : output[^8000..];
}
