using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;
using McpGateway.Worker;

namespace McpGateway.Tests.Pool;

/// <summary>
/// The same executable as a worker (hosts stdio templates, registers them as HTTP instances with a heartbeat in a shared SQLite
/// registry) and as a drain run (runs queued jobs for stdio templates, exits 0): real processes next to a gateway in this process.
/// </summary>
public sealed class WorkerModeTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mcpgw-tests", "worker-" + Guid.NewGuid().ToString("N"));
    private readonly string _marker = "worker-mode-" + Guid.NewGuid().ToString("N");
    private readonly List<ChildProcess> _processes = [];
    private GatewayHost _gateway = null!;

    private static string GatewayDll => Path.Combine(Repo.Root, "src", "McpGateway", "bin", Repo.Configuration, "net10.0", "McpGateway.dll");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:RegistryRefreshSeconds"] = "0.2",
            ["McpGateway:Jobs:EnableBackgroundRunner"] = "false",
        }, _dataDirectory);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        await _gateway.DisposeAsync();
        Assert.Empty(await ProcessScan.WaitForNoneAsync(_marker, TimeSpan.FromSeconds(15)));
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private string WriteRegistryFile(string template)
    {
        var path = Path.Combine(_dataDirectory, template + ".json");
        File.WriteAllText(path, new JsonObject
        {
            ["templates"] = new JsonObject
            {
                [template] = new JsonObject
                {
                    ["instances"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "local",
                        ["command"] = "python3",
                        ["args"] = new JsonArray(ProcessScan.TinyServer, _marker),
                        ["min_workers"] = 1,
                        ["max_workers"] = 2,
                    }),
                },
            },
        }.ToJsonString());
        return path;
    }

    private ChildProcess StartGatewayProcess(params string[] args)
    {
        var process = ChildProcess.Start("dotnet", [GatewayDll, $"--McpGateway:DataDirectory={_dataDirectory}", "--Logging:LogLevel:Default=Warning", .. args]);
        _processes.Add(process);
        return process;
    }

    private (ChildProcess Process, int Port) StartWorker(string name, string template)
    {
        var port = Ports.Free();
        var process = StartGatewayProcess("--McpGateway:Mode=worker", "--McpGateway:Host=127.0.0.1", $"--McpGateway:Port={port}",
            $"--McpGateway:RegistryFile={WriteRegistryFile(template)}", $"--McpGateway:Worker:PublicUrl=http://127.0.0.1:{port}",
            $"--McpGateway:Worker:Name={name}", "--McpGateway:Worker:HeartbeatSeconds=1");
        return (process, port);
    }

    private InstanceDefinition? Registered(string template, string id) => _gateway.Get<GatewayRegistry>().Find(template)?.Find(id)?.Definition;

    private async Task WaitAsync(Func<bool> condition, string what, ChildProcess? process = null, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.\n{process?.Output}");
            }
            await Task.Delay(100);
        }
    }

    private static void Signal(ChildProcess process, string signal) => Process.Start("kill", [$"-{signal}", process.Id.ToString()])!.WaitForExit();

    [Fact]
    public async Task A_worker_registers_heartbeats_serves_through_a_gateway_and_deregisters_on_shutdown()
    {
        var (worker, port) = StartWorker("box1", "wtools");
        await WaitAsync(() => Registered("wtools", "worker-box1-wtools") is not null, "the worker registered", worker);
        var definition = Registered("wtools", "worker-box1-wtools")!;
        Assert.Equal(InstanceTransports.Http, definition.Transport);
        Assert.Equal($"http://127.0.0.1:{port}/mcp/wtools", definition.Endpoint);
        var firstBeat = definition.Metadata!["heartbeat_at"]!.GetValue<string>();

        // The gateway in this process routes to the worker like to any HTTP instance.
        var response = await _gateway.CallToolAsync("wtools", "echo", new() { ["message"] = "via the worker" });
        var body = await PoolTestSupport.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("via the worker", body["content"]![0]!["text"]!.GetValue<string>());
        var tools = await _gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/wtools/tools/list");
        Assert.Contains(tools!["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "slow");

        // Heartbeats rewrite the registration in place while this gateway reloads the registry every 0.2 s: calls keep
        // succeeding across them (a heartbeat that removed and re-added the row closed the gateway's connection mid-call).
        var beats = new HashSet<string> { firstBeat };
        var calls = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (beats.Count < 3 && DateTime.UtcNow < deadline)
        {
            var during = await _gateway.CallToolAsync("wtools", "echo", new() { ["message"] = "during heartbeats" });
            Assert.True(during.StatusCode == HttpStatusCode.OK, await during.Content.ReadAsStringAsync());
            calls++;
            if (Registered("wtools", "worker-box1-wtools")?.Metadata?["heartbeat_at"]?.GetValue<string>() is { } beat)
            {
                beats.Add(beat);
            }
        }
        Assert.True(beats.Count >= 3, $"the heartbeat moved on twice ({calls} calls meanwhile)");

        Signal(worker, "TERM");
        await worker.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, worker.Process.ExitCode);
        await WaitAsync(() => Registered("wtools", "worker-box1-wtools") is null, "the worker deregistered", worker, seconds: 15);
        Assert.Empty(await ProcessScan.WaitForNoneAsync(_marker, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_worker_that_dies_without_deregistering_leaves_rotation_after_three_missed_heartbeats()
    {
        var (worker, _) = StartWorker("box2", "wdead");
        await WaitAsync(() => Registered("wdead", "worker-box2-wdead") is not null, "the worker registered", worker);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.CallToolAsync("wdead", "echo", new() { ["message"] = "alive" })).StatusCode);

        worker.Kill(); // SIGKILL: no deregistration
        // The latest heartbeat this side saw; the worker's real last one is at least as old, so "three missed heartbeats"
        // (3 × 1 s) must have passed since it when the instance disappears, however late the worker beat on a loaded machine.
        var lastSeen = DateTimeOffset.MinValue;
        await WaitAsync(() =>
        {
            if (Registered("wdead", "worker-box2-wdead") is not { } definition)
            {
                return true;
            }
            var beat = DateTimeOffset.Parse(definition.Metadata![WorkerRegistration.HeartbeatAtKey]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            lastSeen = beat > lastSeen ? beat : lastSeen;
            return false;
        }, "the gateway's reaper removed the stale worker", seconds: 20);
        Assert.True(DateTimeOffset.UtcNow - lastSeen > TimeSpan.FromSeconds(3), $"removed only after its heartbeat went stale (last seen {lastSeen:O})");
    }

    [Fact]
    public async Task A_drain_run_executes_the_queued_jobs_for_stdio_templates_then_exits_zero()
    {
        // The gateway knows the template (so it accepts jobs for it) but runs no jobs itself: they wait in the shared queue.
        await _gateway.RegisterAsync(PoolTestSupport.TinyStdio("djobs", "d1", _marker));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var submitted = await _gateway.Client.PostAsJsonAsync("/mcp/djobs/tools/call",
                new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "job " + i }, ["async"] = true });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            ids.Add((await PoolTestSupport.JsonAsync(submitted))["job_id"]!.GetValue<string>());
        }

        var drain = StartGatewayProcess("--McpGateway:Mode=drain", $"--McpGateway:RegistryFile={WriteRegistryFile("djobs")}");
        await drain.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(drain.Process.ExitCode == 0, drain.Output);

        for (var i = 0; i < ids.Count; i++)
        {
            var job = (await _gateway.Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{ids[i]}"))!;
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            Assert.Contains("job " + i, job.ToJsonString());
        }

        // Nothing left: a second run exits 0 at once.
        var empty = StartGatewayProcess("--McpGateway:Mode=drain", $"--McpGateway:RegistryFile={WriteRegistryFile("djobs")}");
        await empty.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(empty.Process.ExitCode == 0, empty.Output);
    }

    [Fact]
    public void An_unknown_mode_stops_start_up_naming_the_key()
    {
        var error = Assert.Throws<McpGateway.Hosting.GatewayConfigurationException>(() =>
            McpGateway.Hosting.GatewayApplication.Build([], new Dictionary<string, string?> { ["McpGateway:Mode"] = "wroker" }));
        Assert.Contains("McpGateway:Mode", error.Message);
    }
}
