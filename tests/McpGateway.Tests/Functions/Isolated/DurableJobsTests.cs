using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// Jobs in the Functions app are Durable Functions orchestrations, under the real host on Azurite: an async <c>tools/call</c>
/// and a batch run as orchestrations (instance id = job id / batch id) and read back in the standalone server's shapes; cancel
/// ends the orchestration and the upstream gets <c>notifications/cancelled</c>; two hosts on one storage account share the registry
/// and the jobs; a host killed mid-call recovers and a tool that is not retry-safe ran exactly once.
/// </summary>
[Collection(IsolatedFunctionsCollection.Name)]
public sealed class DurableJobsTests(IsolatedFunctionsAppFixture app, ITestOutputHelper output)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(240);

    /// <summary>
    /// Quicker recovery after a crash: the messages a killed worker held come back after 1 min (the least the extension accepts)
    /// instead of the 5 min default.
    /// </summary>
    private static readonly Dictionary<string, string> FastRecovery = new()
    {
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:01:00",
        ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:01:00",
    };

    private static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    private static async Task<string> RegisterTestServerAsync(HttpClient admin, RunningServer server)
    {
        var template = NewName("dj");
        var register = await admin.PostAsJsonAsync("/gateway/register", McpServers.Http(template, template + "-1", server.Endpoint));
        Assert.True(register.StatusCode == HttpStatusCode.Created, $"{register.StatusCode}: {await register.Content.ReadAsStringAsync()}");
        return template;
    }

    private static async Task<JsonObject> SubmitAsync(HttpClient client, string template, string tool, JsonObject arguments)
    {
        var response = await client.PostAsJsonAsync($"/mcp/{template}/tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments, ["async"] = true });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {body}");
        Assert.Equal($"/gateway/jobs/{body!["job_id"]}", response.Headers.Location?.OriginalString);
        return body;
    }

    private static async Task<JsonObject> WaitForJobAsync(HttpClient client, string jobId, Func<JsonObject, bool> done, string what)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        JsonObject? job = null;
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                job = await client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{jobId}", timeout.Token);
                if (done(job!))
                {
                    return job!;
                }
            }
            catch (HttpRequestException)
            {
                // a host restarting
            }
            await Task.Delay(250, CancellationToken.None); // polling interval, not a timing assumption
        }
        throw new TimeoutException($"{what}: job {jobId} is still {job}");
    }

    /// <summary>The tools/call requests the test server (started with <c>--verbose</c>) has received so far.</summary>
    private static int ToolCalls(RunningServer server)
        => server.Process.Output.Split('\n').Count(l => l.Contains("request tools/call", StringComparison.Ordinal));

    private static async Task WaitForToolCallsAsync(RunningServer server, int count, string what)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        while (ToolCalls(server) < count)
        {
            await Task.Delay(100, timeout.Token);
        }
        Assert.True(ToolCalls(server) >= count, what);
    }

    /// <summary>Waits until the task hub shows <paramref name="instanceId"/> completed (its record may end a moment before its orchestration).</summary>
    private async Task<(string Name, string Status)?> CompletedOrchestrationAsync(string instanceId, string? hub = null)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        while (await app.OrchestrationAsync(instanceId, hub) is not (_, "Completed") && !timeout.IsCancellationRequested)
        {
            await Task.Delay(250, CancellationToken.None);
        }
        return await app.OrchestrationAsync(instanceId, hub);
    }

    private static bool IsTerminal(JsonObject job) => (string?)job["status"] is "succeeded" or "failed" or "cancelled" or "interrupted";

    [FunctionsHostFact]
    public async Task An_async_call_is_an_orchestration_with_progress_and_reads_back_in_the_standalone_shape()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("dj-async");
        using var admin = app.CreateClient();
        var template = await RegisterTestServerAsync(admin, server);

        var accepted = await SubmitAsync(admin, template, "progress", new JsonObject { ["steps"] = 3, ["delay_ms"] = 100 });
        var jobId = (string)accepted["job_id"]!;
        var job = await WaitForJobAsync(admin, jobId, IsTerminal, "the async call finishes");

        Assert.Equal("succeeded", (string?)job["status"]);
        Assert.Equal(template, (string?)job["template"]);
        Assert.Equal("progress", (string?)job["tool"]);
        Assert.Equal(1, (int?)job["attempts"]);
        Assert.Equal(template + "-1", (string?)job["instance_id"]);
        Assert.Contains("content", job["result"]!.AsObject().Select(p => p.Key));
        Assert.Equal(3, (double?)job["progress"]?["progress"]);
        Assert.Null(job["version"]);
        // Durable ran it: the task hub's instance table holds a completed ToolCallOrchestrator whose instance id is the job id.
        Assert.Equal(("ToolCallOrchestrator", "Completed"), await CompletedOrchestrationAsync(jobId));
        // The SSE events of a finished job replay its end.
        var events = await admin.GetStringAsync($"/gateway/jobs/{jobId}/events");
        Assert.Contains("event: result", events);
        Assert.Contains("event: done", events);
    }

    [FunctionsHostFact]
    public async Task A_20_item_batch_fans_out_through_Durable_with_per_item_results_and_failures()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("dj-batch");
        using var admin = app.CreateClient();
        var template = await RegisterTestServerAsync(admin, server);
        var calls = new JsonArray();
        for (var i = 0; i < 20; i++)
        {
            calls.Add(i == 7
                ? new JsonObject { ["name"] = "no_such_tool", ["arguments"] = new JsonObject() }
                : new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = $"m{i}" } });
        }
        var response = await admin.PostAsJsonAsync($"/mcp/{template}/tools/batch", new JsonObject { ["calls"] = calls, ["max_parallel"] = 4 });
        var accepted = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {accepted}");
        var batchId = (string)accepted!["batch_id"]!;
        var jobIds = accepted["job_ids"]!.AsArray().Select(j => (string)j!).ToList();
        Assert.Equal(20, jobIds.Count);

        using var timeout = new CancellationTokenSource(JobTimeout);
        JsonObject batch;
        do
        {
            await Task.Delay(250, CancellationToken.None);
            batch = (await admin.GetFromJsonAsync<JsonObject>($"/gateway/batches/{batchId}", timeout.Token))!;
        }
        while (!(bool)batch["done"]!);

        Assert.Equal(20, (int)batch["total"]!);
        Assert.Equal(20, (int)batch["completed"]!);
        Assert.Equal(19, (int)batch["counts"]!["succeeded"]!);
        Assert.Equal(1, (int)batch["counts"]!["failed"]!);
        var items = batch["items"]!.AsArray().Select(i => i!.AsObject()).ToDictionary(i => (string)i["job_id"]!);
        Assert.Contains("m3", items[jobIds[3]]["result"]!.ToJsonString());
        Assert.Equal("failed", (string?)items[jobIds[7]]["status"]);
        Assert.NotNull(items[jobIds[7]]["error"]);
        Assert.Equal(("ToolBatchOrchestrator", "Completed"), await CompletedOrchestrationAsync(batchId));
        Assert.Equal(("ToolCallOrchestrator", "Completed"), await CompletedOrchestrationAsync(jobIds[7]));
    }

    [FunctionsHostFact]
    public async Task Cancel_ends_the_orchestration_and_the_upstream_gets_notifications_cancelled()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("dj-cancel", "--verbose");
        using var admin = app.CreateClient();
        var template = await RegisterTestServerAsync(admin, server);
        var jobId = (string)(await SubmitAsync(admin, template, "slow", new JsonObject { ["ms"] = 60_000 }))["job_id"]!;
        await WaitForJobAsync(admin, jobId, j => (string?)j["status"] == "running", "the slow call runs");
        await WaitForToolCallsAsync(server, 1, "the upstream received the slow call");

        var cancel = await admin.DeleteAsync($"/gateway/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (string?)(await cancel.Content.ReadFromJsonAsync<JsonObject>())!["status"]);

        // The upstream saw its call cancelled (the test server counts cancelled calls).
        using var timeout = new CancellationTokenSource(JobTimeout);
        while (true)
        {
            var count = await admin.PostAsJsonAsync($"/mcp/{template}/tools/call", new JsonObject { ["name"] = "cancelled_count", ["arguments"] = new JsonObject() }, timeout.Token);
            if ((await count.Content.ReadAsStringAsync(timeout.Token)).Contains("\"1\"", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(250, timeout.Token);
        }
        var job = await WaitForJobAsync(admin, jobId, IsTerminal, "the job stays cancelled");
        Assert.Equal("cancelled", (string?)job["status"]);
        var again = await admin.DeleteAsync($"/gateway/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [FunctionsHostFact]
    public async Task Two_hosts_on_one_storage_account_share_the_registry_and_the_jobs()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("dj-two");
        // Two hosts of their own on one hub and one set of tables, so the partitions they balance between them never hold up the
        // fixture's host (a host that stops holds its task-hub partitions until their leases expire).
        var hub = NewName("gwtwo");
        var table = NewName("gwtwo");
        await using var one = await app.StartHostAsync(hub, table);
        await using var two = await app.StartHostAsync(hub, table);
        using var first = one.CreateClient();
        using var other = two.CreateClient();
        var template = await RegisterTestServerAsync(first, server);

        // The second host learns the registration from the shared table (registry refresh) and serves the template.
        using var timeout = new CancellationTokenSource(JobTimeout);
        while ((await other.GetAsync($"/mcp/{template}/health", timeout.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(250, timeout.Token);
        }
        var jobId = (string)(await SubmitAsync(first, template, "echo", new JsonObject { ["message"] = "shared" }))["job_id"]!;
        var job = await WaitForJobAsync(other, jobId, IsTerminal, "the job submitted on one host reads on the other");
        Assert.Equal("succeeded", (string?)job["status"]);
        Assert.Contains("shared", job["result"]!.ToJsonString());

        var slowId = (string)(await SubmitAsync(other, template, "slow", new JsonObject { ["ms"] = 60_000 }))["job_id"]!;
        await WaitForJobAsync(first, slowId, j => (string?)j["status"] == "running", "the slow job runs");
        Assert.Equal(HttpStatusCode.OK, (await first.DeleteAsync($"/gateway/jobs/{slowId}")).StatusCode);
        Assert.Equal("cancelled", (string?)(await WaitForJobAsync(other, slowId, IsTerminal, "cancelled on the other host"))["status"]);
    }

    [FunctionsHostFact]
    public async Task A_host_killed_mid_call_recovers_and_a_tool_that_is_not_retry_safe_ran_exactly_once()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("dj-kill", "--verbose");
        var hub = NewName("gwkill");
        var table = NewName("gwkill");
        var host = await app.StartHostAsync(hub, table, FastRecovery);
        string unsafeJob, safeJob;
        try
        {
            using var client = host.CreateClient();
            var template = await RegisterTestServerAsync(client, server);
            unsafeJob = (string)(await SubmitAsync(client, template, "slow", new JsonObject { ["ms"] = 6_000 }))["job_id"]!;
            safeJob = (string)(await SubmitAsync(client, template, "slow_read", new JsonObject { ["ms"] = 6_000 }))["job_id"]!;
            await WaitForJobAsync(client, unsafeJob, j => (string?)j["status"] == "running", "the unsafe call runs");
            await WaitForJobAsync(client, safeJob, j => (string?)j["status"] == "running", "the retry-safe call runs");
            await WaitForToolCallsAsync(server, 2, "the upstream received both calls");
        }
        finally
        {
            await host.KillAsync(); // kill -9 of the host and its worker, mid-call
        }
        output.WriteLine("killed the host mid-call; starting another on the same storage");

        await using var restarted = await app.StartHostAsync(hub, table, FastRecovery);
        using var after = restarted.CreateClient();
        var interrupted = await WaitForJobAsync(after, unsafeJob, IsTerminal, "the unsafe job ends after the restart");
        var rerun = await WaitForJobAsync(after, safeJob, IsTerminal, "the retry-safe job ends after the restart");

        Assert.Equal("interrupted", (string?)interrupted["status"]);
        Assert.True((bool)interrupted["error"]!["may_have_executed"]!);
        Assert.Equal("succeeded", (string?)rerun["status"]);
        Assert.Contains("read done", rerun["result"]!.ToJsonString());
        // The upstream got exactly one call of the unsafe tool and two of the safe one (re-run after the crash).
        var calls = ToolCalls(server);
        Assert.True(calls == 3, $"tools/call requests seen by the upstream: {calls}\n{server.Process.Output}");
    }

    [FunctionsHostFact]
    public async Task A_stdio_templates_call_is_served_by_the_stdio_job_process_and_its_reply_ends_the_orchestration()
    {
        var hub = NewName("gwstdio");
        var table = NewName("gwstdio");
        var stdioQueue = "stdio" + hub;
        var replyQueue = "stdiodone" + hub; // the fixture's StdioReplyQueueName for this hub
        await using var host = await app.StartHostAsync(hub, table, new Dictionary<string, string>
        {
            ["McpGateway__Jobs__StdioQueueName"] = stdioQueue,
            // The app refuses stdio commands it was not told to accept (it never runs them itself; the stdio host does).
            ["McpGateway__Registration__AllowedCommands__0"] = "dotnet",
            // Only the reply can end the job in time: the record is not read as a fallback within the test's wait.
            ["McpGateway__Durable__StdioPollSeconds"] = "3600",
            ["McpGateway__Jobs__StdioSyncWaitSeconds"] = "120",
        });
        using var client = host.CreateClient();
        var template = NewName("djstdio");
        var register = await client.PostAsJsonAsync("/gateway/register", McpServers.TestServerStdio(template, "s1"));
        Assert.True(register.StatusCode == HttpStatusCode.Created, $"{register.StatusCode}: {await register.Content.ReadAsStringAsync()}");
        var jobId = (string)(await SubmitAsync(client, template, "echo", new JsonObject { ["message"] = "via the stdio job" }))["job_id"]!;

        // A synchronous call waits for its job (here at most 1 s, as the caller prefers), then answers 202 with the job.
        using var impatient = new HttpRequestMessage(HttpMethod.Post, $"/mcp/{template}/tools/call")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "later" } }),
        };
        impatient.Headers.Add("Prefer", "wait=1");
        var accepted = await client.SendAsync(impatient);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var laterId = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!;
        // A patient synchronous call (up to the app's 120 s) is answered with the result once the stdio host ran it.
        var patient = client.PostAsJsonAsync($"/mcp/{template}/tools/call",
            new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "waited for" } });

        // The orchestrations queue the three calls for the stdio host (a drain run finding the queue empty would exit at once).
        var queued = new Azure.Storage.Queues.QueueClient(app.StorageConnectionString, stdioQueue);
        using var timeout = new CancellationTokenSource(JobTimeout);
        while (!await queued.ExistsAsync(timeout.Token) || (await queued.GetPropertiesAsync(timeout.Token)).Value.ApproximateMessagesCount < 3)
        {
            await Task.Delay(250, timeout.Token);
        }

        // The Container Apps job, run here as a process: the gateway in drain mode on the stdio queue, with the template in its own
        // registry file, the same storage, and the reply queue. It exits 0 once the queue is empty.
        var data = Directory.CreateTempSubdirectory("mcpgw-drain-").FullName;
        var registryFile = Path.Combine(data, "stdio.json");
        var instance = McpServers.TestServerStdio(template, "s1");
        instance.Remove("template");
        await File.WriteAllTextAsync(registryFile, new JsonObject { ["templates"] = new JsonObject { [template] = new JsonObject { ["instances"] = new JsonArray(instance) } } }.ToJsonString());
        await using var drain = ChildProcess.Start("dotnet", [Path.Combine(Repo.Root, "src", "McpGateway", "bin", Repo.Configuration, "net10.0", "McpGateway.dll")],
            new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = app.StorageConnectionString,
                ["McpGateway__Mode"] = "drain",
                ["McpGateway__Store"] = "tables",
                ["McpGateway__TableName"] = table,
                ["McpGateway__Jobs__TableName"] = table + "jobs",
                ["McpGateway__Jobs__QueueName"] = stdioQueue,
                ["McpGateway__Jobs__ReplyQueueName"] = replyQueue,
                ["McpGateway__RegistryFile"] = registryFile,
                ["McpGateway__DataDirectory"] = data,
                ["API_KEY"] = GatewayHost.AdminKey,
            });
        await drain.Process.WaitForExitAsync(timeout.Token);
        Assert.True(drain.Process.ExitCode == 0, drain.Output);

        var answered = await patient;
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        Assert.Contains("waited for", await answered.Content.ReadAsStringAsync());
        Assert.Equal("succeeded", (string?)(await WaitForJobAsync(client, laterId, IsTerminal, "the 202 job ends"))["status"]);
        var job = await WaitForJobAsync(client, jobId, IsTerminal, "the stdio job ends");
        Assert.True((string?)job["status"] == "succeeded", job.ToJsonString());
        Assert.Contains("via the stdio job", job["result"]!.ToJsonString());
        Assert.Equal("s1", (string?)job["instance_id"]);
        Assert.Equal(("ToolCallOrchestrator", "Completed"), await CompletedOrchestrationAsync(jobId, hub));
    }
}
