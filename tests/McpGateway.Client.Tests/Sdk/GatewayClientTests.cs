using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Client.Tests.Infrastructure;
using McpGateway.Tests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace McpGateway.Client.Tests.Sdk;

[Collection(ClientGatewayCollection.Name)]
public sealed class GatewayClientTests(ClientGatewayFixture fixture)
{
    private const string T = ClientGatewayFixture.Template;

    [Fact]
    public async Task ListToolsAsync_returns_the_sdk_tools_of_a_template()
    {
        using var client = fixture.Client();
        var tools = await client.ListToolsAsync(T);
        Assert.Contains(tools, t => t.Name == "echo" && t.Description is not null);
        Assert.Equal(JsonValueKind.Object, tools.Single(t => t.Name == "add").InputSchema.ValueKind);
    }

    [Fact]
    public async Task CallToolAsync_returns_the_call_tool_result()
    {
        using var client = fixture.Client();
        var echo = await client.CallToolAsync(T, "echo", new { message = "hello" });
        Assert.Equal("hello", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);

        var sum = await client.CallToolAsync(T, "add", new JsonObject { ["a"] = 2, ["b"] = 3.5 });
        Assert.Equal(5.5, sum.StructuredContent!.Value.GetProperty("sum").GetDouble());

        var failed = await client.CallToolAsync(T, "fail");
        Assert.True(failed.IsError);
    }

    [Fact]
    public async Task Errors_are_typed_and_carry_the_problem_details()
    {
        using var client = fixture.Client();
        var unknown = await Assert.ThrowsAsync<GatewayException>(() => client.CallToolAsync("no-such-template", "echo", new { message = "x" }));
        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, unknown.ProblemDetails!["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(unknown.Title));
        Assert.NotNull(unknown.Detail);

        var upstream = await Assert.ThrowsAsync<UpstreamException>(() => client.CallToolAsync(T, "error", new { code = -32099, message = "custom failure" }));
        Assert.Equal(-32099, upstream.McpErrorCode);
        Assert.Contains("custom failure", upstream.Detail);

        using var anonymous = fixture.Client(apiKey: null);
        var denied = await Assert.ThrowsAsync<GatewayException>(() => anonymous.ListToolsAsync(T));
        Assert.Equal(401, denied.Status);
        Assert.True(denied.IsAuthenticationError);
    }

    [Fact]
    public async Task A_job_streams_status_every_progress_step_in_order_its_result_and_done()
    {
        using var client = fixture.Client();
        var job = await client.StartJobAsync(T, "progress", new { steps = 4, delay_ms = 150 });
        Assert.False(string.IsNullOrEmpty(job.JobId));

        var events = new List<JobEvent>();
        await foreach (var e in client.WatchJobAsync(job.JobId).WithTimeout(TimeSpan.FromSeconds(60)))
        {
            events.Add(e);
        }
        Assert.Equal(JobEventTypes.Status, events[0].Type);
        Assert.Equal(JobEventTypes.Done, events[^1].Type);
        Assert.Equal(JobStatuses.Succeeded, events[^1].Status);
        var steps = events.Where(e => e.Type == JobEventTypes.Progress).Select(e => e.Progress!.Progress).ToList();
        Assert.Equal(steps.Order().ToList(), steps);
        Assert.Contains(4d, steps);
        var result = Assert.Single(events, e => e.Type == JobEventTypes.Result).Result!;
        Assert.Equal("completed 4 steps", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);

        var finished = await client.GetJobAsync(job.JobId);
        Assert.Equal(JobStatuses.Succeeded, finished.Status);
        Assert.True(finished.IsFinished);
        Assert.Equal("progress", finished.Tool);

        var listed = await client.ListJobsAsync(new JobQuery { Template = T, Status = JobStatuses.Succeeded, Limit = 100 });
        Assert.Contains(listed.Jobs, j => j.JobId == job.JobId);
    }

    [Fact]
    public async Task WaitForJobAsync_reports_progress_and_returns_the_finished_job()
    {
        using var client = fixture.Client();
        var job = await client.StartJobAsync(T, "progress", new { steps = 3, delay_ms = 100 });
        var reported = new List<JobProgress>();
        var finished = await client.WaitForJobAsync(job.JobId, new SyncProgress<JobProgress>(reported.Add));
        Assert.Equal(JobStatuses.Succeeded, finished.Status);
        Assert.Equal(3, reported[^1].Progress);
        Assert.Equal(3, reported[^1].Total);
    }

    [Fact]
    public async Task CancelJobAsync_cancels_a_running_job()
    {
        using var client = fixture.Client();
        var job = await client.StartJobAsync(T, "slow", new { ms = 60_000 });
        await WaitUntilAsync(async () => (await client.GetJobAsync(job.JobId)).Status == JobStatuses.Running);
        var cancelled = await client.CancelJobAsync(job.JobId);
        Assert.Equal(JobStatuses.Cancelled, cancelled.Status);

        var missing = await Assert.ThrowsAsync<GatewayException>(() => client.GetJobAsync("no-such-job"));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task CallBatchAsync_runs_every_call_as_a_job()
    {
        using var client = fixture.Client();
        var batch = await client.CallBatchAsync(T, [new ToolCall("echo", new JsonObject { ["message"] = "a" }), new ToolCall("add", new JsonObject { ["a"] = 1, ["b"] = 2 })], maxParallel: 2);
        Assert.Equal(2, batch.Total);
        Assert.Equal(2, batch.JobIds.Count);
        BatchStatus status = null!;
        await WaitUntilAsync(async () => (status = await client.GetBatchAsync(batch.BatchId)).Done);
        Assert.Equal(2, status.Counts[JobStatuses.Succeeded]);
        Assert.All(status.Items, i => Assert.Equal(batch.BatchId, i.BatchId));
    }

    [Fact]
    public async Task Registry_health_and_stats()
    {
        using var client = fixture.Client();
        var template = "reg-" + Guid.NewGuid().ToString("N")[..6];
        var stdio = McpServers.TestServerStdio(template, "r-1");
        var registered = await client.RegisterAsync(new InstanceRegistration
        {
            Template = template, Id = "r-1", Command = "dotnet",
            Args = stdio["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(),
            Weight = 2,
        });
        Assert.True(registered["registered"]!.GetValue<bool>());

        var registry = await client.GetRegistryAsync();
        var instance = registry["templates"]![template]!["instances"]![0]!;
        Assert.Equal("r-1", instance["id"]!.GetValue<string>());
        Assert.Equal(2, instance["weight"]!.GetValue<int>());

        var invalid = await Assert.ThrowsAsync<GatewayException>(() => client.RegisterAsync(new InstanceRegistration { Template = template, Id = "r-2" }));
        Assert.Equal(400, invalid.Status);

        Assert.Equal("r-1", (await client.CallToolAsync(template, "whoami")).Content.OfType<TextContentBlock>().Single().Text);
        var health = await client.GetHealthAsync(template);
        Assert.Equal(1, health["total_instances"]!.GetValue<int>());
        var gateway = await client.GetHealthAsync();
        Assert.True(gateway["total_instances"]!.GetValue<int>() >= 2);
        var stats = await client.GetStatsAsync();
        Assert.True(stats["requests"]!["total"]!.GetValue<long>() > 0);

        await client.DeregisterAsync(template, "r-1");
        var gone = await Assert.ThrowsAsync<GatewayException>(() => client.DeregisterAsync(template, "r-1"));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Resources_and_prompts()
    {
        using var client = fixture.Client();
        var resources = await client.ListResourcesAsync(T);
        Assert.NotEmpty(resources);
        var read = await client.ReadResourceAsync(T, resources[0].Uri);
        Assert.NotEmpty(read.Contents);
        var prompts = await client.ListPromptsAsync(T);
        Assert.NotEmpty(prompts);
    }

    [Fact]
    public async Task An_injected_HttpClient_is_used_and_not_disposed()
    {
        var handler = new CountingHandler(new SocketsHttpHandler());
        using var http = new HttpClient(handler);
        var options = new GatewayClientOptions { ApiKey = GatewayHost.AdminKey };
        options.Urls.Add(fixture.Url);
        using (var client = new GatewayClient(options, http))
        {
            await client.GetHealthAsync();
        }
        Assert.Equal(1, handler.Count);
        using var response = await http.GetAsync(new Uri(fixture.Url, "/gateway/health"));
        Assert.True(response.IsSuccessStatusCode);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met in time.");
            }
            await Task.Delay(100);
        }
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Progress reported on the caller's thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

internal static class AsyncEnumerableTimeout
{
    public static async IAsyncEnumerable<T> WithTimeout<T>(this IAsyncEnumerable<T> source, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await foreach (var item in source.WithCancellation(cts.Token))
        {
            yield return item;
        }
    }
}
