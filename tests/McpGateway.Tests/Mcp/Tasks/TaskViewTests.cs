using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Mcp.Tasks;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>Jobs as tasks in each generation's shape, and the capabilities each version is shown (no gateway needed).</summary>
public sealed class TaskViewTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static JobRecord Job(string status, JsonNode? result = null, JobError? error = null, JobProgress? progress = null) => new()
    {
        Id = "j_1",
        Template = "fix",
        Tool = "echo",
        Status = status,
        CreatedAt = Created,
        UpdatedAt = Created.AddSeconds(2),
        Result = result,
        Error = error,
        Progress = progress,
    };

    [Theory]
    [InlineData(JobStatus.Queued, "working", "working")]
    [InlineData(JobStatus.Running, "working", "working")]
    [InlineData(JobStatus.Succeeded, "completed", "completed")]
    [InlineData(JobStatus.Failed, "failed", "failed")]
    [InlineData(JobStatus.Interrupted, "failed", "failed")]
    [InlineData(JobStatus.Cancelled, "cancelled", "cancelled")]
    public void Job_statuses_map_to_task_statuses(string job, string legacy, string extension)
    {
        var record = Job(job, result: new JsonObject { ["content"] = new JsonArray() });
        Assert.Equal(legacy, TaskView.Legacy(record, 500)["status"]!.GetValue<string>());
        Assert.Equal(extension, TaskView.Detailed(record, 500, "2026-07-28")["status"]!.GetValue<string>());
    }

    [Fact]
    public void A_tool_error_result_is_failed_in_2025_and_completed_with_its_result_in_the_extension()
    {
        var record = Job(JobStatus.Succeeded, result: new JsonObject { ["content"] = new JsonArray(), ["isError"] = true });
        Assert.Equal("failed", TaskView.Legacy(record, 500)["status"]!.GetValue<string>());
        var detailed = TaskView.Detailed(record, 500, "2026-07-28");
        Assert.Equal("completed", detailed["status"]!.GetValue<string>());
        Assert.True(detailed["result"]!["isError"]!.GetValue<bool>());
        Assert.Equal("complete", detailed["result"]!["resultType"]!.GetValue<string>()); // as a direct 2026 tools/call result
    }

    [Fact]
    public void Each_generation_has_its_own_field_names_and_unlimited_ttl()
    {
        var legacy = TaskView.Legacy(Job(JobStatus.Running, progress: new JobProgress(3, 10, "step 3")), 500);
        Assert.Equal("j_1", legacy["taskId"]!.GetValue<string>());
        Assert.Equal("2026-12-01T10:00:00.000Z", legacy["createdAt"]!.GetValue<string>());
        Assert.Equal("2026-12-01T10:00:02.000Z", legacy["lastUpdatedAt"]!.GetValue<string>());
        Assert.True(legacy.ContainsKey("ttl") && legacy["ttl"] is null);
        Assert.Equal(500, legacy["pollInterval"]!.GetValue<int>());
        Assert.Equal("Running (3/10): step 3", legacy["statusMessage"]!.GetValue<string>());

        var seed = TaskView.Seed(Job(JobStatus.Queued), 500);
        Assert.True(seed.ContainsKey("ttlMs") && seed["ttlMs"] is null);
        Assert.Equal(500, seed["pollIntervalMs"]!.GetValue<int>());
        Assert.False(seed.ContainsKey("ttl"));
    }

    [Fact]
    public void A_failed_job_carries_the_error_the_call_would_have_had()
    {
        var upstream = TaskView.Detailed(Job(JobStatus.Failed, error: new JobError(502, "Upstream error", "bad input", -32602, false)), 500, "2026-07-28");
        Assert.Equal(-32602, upstream["error"]!["code"]!.GetValue<int>());
        Assert.Equal("bad input", upstream["error"]!["message"]!.GetValue<string>());
        Assert.Equal("bad input", upstream["statusMessage"]!.GetValue<string>());

        var interrupted = TaskView.Detailed(Job(JobStatus.Interrupted, error: new JobError(502, "Interrupted", "cut off", null, true)), 500, "2026-07-28");
        Assert.Equal(-32000, interrupted["error"]!["code"]!.GetValue<int>());
        Assert.True(interrupted["error"]!["data"]!["may_have_executed"]!.GetValue<bool>());

        Assert.Equal(-32800, TaskErrors.JsonRpcError(Job(JobStatus.Cancelled))["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("2025-11-25", true, false)]
    [InlineData("2025-06-18", false, false)]
    [InlineData("2026-07-28", false, true)]
    public void Capabilities_show_each_version_its_tasks_and_hide_the_upstreams(string version, bool legacy, bool extension)
    {
        var capabilities = new JsonObject
        {
            ["tools"] = new JsonObject(),
            ["tasks"] = new JsonObject { ["requests"] = new JsonObject() }, // an upstream's own, never passed on as is
            ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject { ["upstream"] = true } },
        };
        TaskNegotiation.Shape(capabilities, version);
        Assert.Equal(legacy, capabilities["tasks"]?["requests"]?["tools"]?["call"] is not null);
        Assert.Equal(extension, capabilities["extensions"]?["io.modelcontextprotocol/tasks"] is JsonObject { Count: 0 });
        Assert.NotNull(capabilities["tools"]);
    }
}
