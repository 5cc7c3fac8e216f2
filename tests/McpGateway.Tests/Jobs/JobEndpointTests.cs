using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Jobs;

/// <summary>Durable jobs end to end on one gateway with the embedded queue, against our test server over stdio.</summary>
public sealed class JobEndpointTests : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Jobs:MaxConcurrentJobs"] = "8",
            ["McpGateway:Jobs:PollIntervalMilliseconds"] = "100",
        });
        await _gateway.RegisterAsync(McpServers.TestServerStdio("work", "w1"));
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private HttpClient Client => _gateway.Client;

    private async Task<string> SubmitAsync(string template, string tool, JsonObject? arguments = null)
    {
        var response = await Client.PostAsJsonAsync($"/mcp/{template}/tools/call",
            new JsonObject { ["name"] = tool, ["arguments"] = arguments ?? new JsonObject(), ["async"] = true });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = body["job_id"]!.GetValue<string>();
        Assert.Equal($"/gateway/jobs/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal($"/gateway/jobs/{id}", body["status_url"]!.GetValue<string>());
        return id;
    }

    private async Task<JsonObject> WaitForAsync(string id, Func<JsonObject, bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonObject job;
        do
        {
            job = (await Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!;
            if (condition(job))
            {
                return job;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Job {id} never reached the expected state: {job.ToJsonString()}");
    }

    private static string Status(JsonObject job) => job["status"]!.GetValue<string>();

    [Fact]
    public async Task An_async_call_becomes_a_job_that_streams_progress_in_order_and_completes()
    {
        var id = await SubmitAsync("work", "progress", new JsonObject { ["steps"] = 5, ["delay_ms"] = 100 });

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/gateway/jobs/{id}/events");
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = await SseReader.ReadAllAsync(await response.Content.ReadAsStreamAsync(), until: "done");

        // A subscriber sees the job's latest progress when it connects, then every later step, in order.
        // (How many early steps it sees depends on when it connects relative to the runner.)
        var progress = events.Where(e => e.Type == "progress").Select(e => e.Data["progress"]!.GetValue<double>()).ToList();
        Assert.NotEmpty(progress);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(progress.Distinct(), progress);
        Assert.Equal(5, progress[^1]);
        Assert.All(events.Where(e => e.Type == "progress"), e => Assert.Equal(5, e.Data["total"]!.GetValue<double>()));
        var resultIndex = events.FindIndex(e => e.Type == "result");
        Assert.True(resultIndex > events.FindLastIndex(e => e.Type == "progress"), "every progress event precedes the result");
        Assert.Equal("completed 5 steps", events[resultIndex].Data["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("done", events[^1].Type);

        var job = await WaitForAsync(id, j => Status(j) == "succeeded");
        Assert.Equal(5, job["progress"]!["progress"]!.GetValue<double>());
        Assert.Equal(5, job["progress"]!["total"]!.GetValue<double>());
        Assert.Equal(1, job["attempts"]!.GetValue<int>());
        Assert.Equal("w1", job["instance_id"]!.GetValue<string>());
        Assert.NotNull(job["started_at"]);
        Assert.NotNull(job["finished_at"]);
    }

    [Fact]
    public async Task Prefer_respond_async_also_makes_a_job()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp/work/tools/call")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = "later" } }),
        };
        request.Headers.Add("Prefer", "respond-async");
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();
        var job = await WaitForAsync(id, j => Status(j) == "succeeded");
        Assert.Equal("later", job["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancelling_a_running_job_reaches_the_upstream()
    {
        // Progress proves the upstream is executing the call before it is cancelled.
        var id = await SubmitAsync("work", "progress", new JsonObject { ["steps"] = 100, ["delay_ms"] = 300 });
        await WaitForAsync(id, j => Status(j) == "running" && j["progress"] is not null);

        var cancel = await Client.DeleteAsync($"/gateway/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", Status((await cancel.Content.ReadFromJsonAsync<JsonObject>())!));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var cancelled = "0";
        while (cancelled == "0" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var count = await _gateway.CallToolAsync("work", "cancelled_count");
            cancelled = (await count.Content.ReadFromJsonAsync<JsonObject>())!["content"]![0]!["text"]!.GetValue<string>();
        }
        Assert.Equal("1", cancelled);
        Assert.Equal("cancelled", Status((await Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs/{id}"))!));
        Assert.Equal(HttpStatusCode.Conflict, (await Client.DeleteAsync($"/gateway/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_failing_tool_fails_its_job_with_the_upstream_error()
    {
        var id = await SubmitAsync("work", "error", new JsonObject { ["code"] = -32050, ["message"] = "nope" });
        var job = await WaitForAsync(id, j => JobIsTerminal(j));
        Assert.Equal("failed", Status(job));
        Assert.Equal(-32050, job["error"]!["mcp_error_code"]!.GetValue<int>());
        Assert.False(job["error"]!["may_have_executed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Jobs_are_listed_with_filters_and_paging()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmitAsync("work", "echo", new JsonObject { ["message"] = $"m{i}" }));
        }
        foreach (var id in ids)
        {
            await WaitForAsync(id, j => Status(j) == "succeeded");
        }
        var page = (await Client.GetFromJsonAsync<JsonObject>("/gateway/jobs?status=succeeded&template=work&limit=3"))!;
        Assert.Equal(3, page["jobs"]!.AsArray().Count);
        var cursor = page["next_cursor"]!.GetValue<string>();
        var next = (await Client.GetFromJsonAsync<JsonObject>($"/gateway/jobs?status=succeeded&template=work&limit=3&cursor={cursor}"))!;
        var seen = page["jobs"]!.AsArray().Concat(next["jobs"]!.AsArray()).Select(j => j!["job_id"]!.GetValue<string>()).ToList();
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), ids.ToHashSet());

        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/gateway/jobs?status=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/gateway/jobs?cursor=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/gateway/jobs/j_nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.PostAsJsonAsync("/mcp/nope/tools/call", new { name = "echo", @async = true })).StatusCode);
    }

    private static bool JobIsTerminal(JsonObject job) => Status(job) is "succeeded" or "failed" or "cancelled" or "interrupted";
}
