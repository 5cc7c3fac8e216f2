using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using McpGateway.Jobs;
using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Jobs;

/// <summary>
/// kill -9 of a gateway process with jobs running and queued, then a second process on the same store: every job reaches
/// a terminal state; a cut-off run of a tool that is not safe to repeat ends <c>interrupted</c> (it may have executed),
/// a cut-off read-only run runs again, queued jobs run. Once on the embedded store, once on Azurite (Tables + Queues).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class JobCrashRecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Template = "crash";
    private static readonly TimeSpan TerminalBound = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("tables")]
    public async Task Jobs_cut_off_by_kill_9_finish_after_a_restart(string store)
    {
        var marker = "crash-" + Guid.NewGuid().ToString("N");
        var data = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var environment = Environment(store, data);
        var clock = Stopwatch.StartNew();
        try
        {
            var ids = new Dictionary<string, List<string>> { ["echo"] = [], ["slow"] = [], ["slow_read"] = [] };
            await using (var first = await GatewayProcess.StartAsync(environment))
            {
                (await first.Client.PostAsJsonAsync("/gateway/register", McpServers.TestServerStdio(Template, marker))).EnsureSuccessStatusCode();
                // Two quick jobs, then the three long ones (they fill the three runner slots), then jobs left queued behind them.
                foreach (var (tool, ms) in new[] { ("echo", 0), ("echo", 0), ("slow", 8000), ("slow", 8000), ("slow_read", 8000), ("echo", 0), ("echo", 0), ("echo", 0) })
                {
                    ids[tool].Add(await SubmitAsync(first.Client, tool, ms));
                }
                await WaitAsync(first.Client, ids["slow"].Concat(ids["slow_read"]), job => job["status"]!.GetValue<string>() == JobStatus.Running, TimeSpan.FromSeconds(60));
                var queued = 0;
                foreach (var id in ids["echo"])
                {
                    queued += (await GetJobAsync(first.Client, id))["status"]!.GetValue<string>() == JobStatus.Queued ? 1 : 0;
                }
                output.WriteLine($"{store}: 3 long jobs running after {clock.Elapsed.TotalSeconds:0.0} s; {queued} echo jobs still queued; kill -9");
                Assert.True(queued > 0, "some echo jobs should still be queued when the gateway is killed");

                await first.CrashAsync();
                output.WriteLine($"{store}: killed orphaned MCP servers: {MarkedProcesses.Kill(marker)}");
            }

            clock.Restart();
            await using (var second = await GatewayProcess.StartAsync(environment))
            {
                output.WriteLine($"{store}: second gateway listening after {clock.Elapsed.TotalSeconds:0.0} s");
                var jobs = await WaitAsync(second.Client, ids.Values.SelectMany(i => i), job => JobStatus.IsTerminal(job["status"]!.GetValue<string>()), TerminalBound);
                output.WriteLine($"{store}: all 8 jobs terminal {clock.Elapsed.TotalSeconds:0.0} s after the restart");
                foreach (var id in ids["slow"])
                {
                    var job = jobs[id];
                    Assert.Equal(JobStatus.Interrupted, job["status"]!.GetValue<string>());
                    Assert.True(job["error"]!["may_have_executed"]!.GetValue<bool>());
                    Assert.Contains("may have executed", job["error"]!["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
                    Assert.Equal(1, job["attempts"]!.GetValue<int>());
                }
                var read = jobs[ids["slow_read"].Single()];
                Assert.Equal(JobStatus.Succeeded, read["status"]!.GetValue<string>());
                Assert.Equal(2, read["attempts"]!.GetValue<int>());
                foreach (var id in ids["echo"])
                {
                    Assert.Equal(JobStatus.Succeeded, jobs[id]["status"]!.GetValue<string>());
                }
            }
        }
        finally
        {
            MarkedProcesses.Kill(marker);
            await CleanUpAsync(store, environment, data);
        }
        Assert.Empty(MarkedProcesses.Find(marker));
    }

    private Dictionary<string, string> Environment(string store, string data)
    {
        var environment = new Dictionary<string, string>
        {
            ["McpGateway__DataDirectory"] = data,
            ["McpGateway__Store"] = store,
            ["McpGateway__HealthIntervalSeconds"] = "3600",
            ["McpGateway__Jobs__VisibilityTimeoutSeconds"] = "2",
            // Three slots, so both slow jobs and the slow_read job are cut off mid-run (with two, one of them would still be queued).
            ["McpGateway__Jobs__MaxConcurrentJobs"] = "3",
        };
        if (store == "tables")
        {
            var suffix = Guid.NewGuid().ToString("N")[..16];
            environment["AzureWebJobsStorage"] = azurite.ConnectionString;
            environment["McpGateway__TableName"] = "reg" + suffix;
            environment["McpGateway__Jobs__TableName"] = "jobs" + suffix;
            environment["McpGateway__Jobs__QueueName"] = "jobs-" + suffix;
        }
        return environment;
    }

    private static async Task CleanUpAsync(string store, Dictionary<string, string> environment, string data)
    {
        if (store == "tables")
        {
            var tables = new TableServiceClient(environment["AzureWebJobsStorage"]);
            await tables.DeleteTableAsync(environment["McpGateway__TableName"]);
            await tables.DeleteTableAsync(environment["McpGateway__Jobs__TableName"]);
            var queues = new QueueServiceClient(environment["AzureWebJobsStorage"]);
            await queues.GetQueueClient(environment["McpGateway__Jobs__QueueName"]).DeleteIfExistsAsync();
            await queues.GetQueueClient(environment["McpGateway__Jobs__QueueName"] + "-poison").DeleteIfExistsAsync();
        }
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> SubmitAsync(HttpClient client, string tool, int ms)
    {
        var arguments = tool == "echo" ? new JsonObject { ["message"] = "hi" } : new JsonObject { ["ms"] = ms };
        var response = await client.PostAsJsonAsync($"/mcp/{Template}/tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments, ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> GetJobAsync(HttpClient client, string id)
        => (await client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!;

    /// <summary>Polls until every job satisfies <paramref name="done"/>; fails with the last states seen.</summary>
    private static async Task<Dictionary<string, JsonObject>> WaitAsync(HttpClient client, IEnumerable<string> ids, Func<JsonObject, bool> done, TimeSpan bound)
    {
        var wanted = ids.ToList();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var jobs = new Dictionary<string, JsonObject>();
            foreach (var id in wanted)
            {
                jobs[id] = await GetJobAsync(client, id);
            }
            if (jobs.Values.All(done))
            {
                return jobs;
            }
            if (deadline.Elapsed > bound)
            {
                Assert.Fail($"Not every job got there within {bound.TotalSeconds:0} s: " +
                    string.Join(", ", jobs.Values.Select(j => $"{j["tool"]}={j["status"]} (attempts {j["attempts"]})")));
            }
            await Task.Delay(200);
        }
    }
}
