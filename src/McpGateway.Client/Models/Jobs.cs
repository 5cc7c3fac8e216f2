using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Client;

/// <summary>The gateway accepted a tool call as a job (202): where to look for it.</summary>
public sealed record JobSubmission
{
    /// <summary>The job's id.</summary>
    [JsonPropertyName("job_id")] public string JobId { get; init; } = "";
    /// <summary>The job's status when accepted (normally <c>queued</c>).</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    /// <summary>Relative URL of the job (<c>/gateway/jobs/{id}</c>).</summary>
    [JsonPropertyName("status_url")] public string? StatusUrl { get; init; }
    /// <summary>Relative URL of the job's server-sent events.</summary>
    [JsonPropertyName("events_url")] public string? EventsUrl { get; init; }
}

/// <summary>A durable tool call and where it stands.</summary>
public sealed record GatewayJob
{
    /// <summary>The job's id.</summary>
    [JsonPropertyName("job_id")] public string JobId { get; init; } = "";
    /// <summary>The template the tool belongs to.</summary>
    [JsonPropertyName("template")] public string Template { get; init; } = "";
    /// <summary>The tool called.</summary>
    [JsonPropertyName("tool")] public string Tool { get; init; } = "";
    /// <summary>The arguments of the call.</summary>
    [JsonPropertyName("arguments")] public JsonObject? Arguments { get; init; }
    /// <summary>One of <see cref="JobStatuses"/>.</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    /// <summary>The latest progress the tool reported.</summary>
    [JsonPropertyName("progress")] public JobProgress? Progress { get; init; }
    /// <summary>Runs started so far.</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    /// <summary>When it was submitted.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it started running.</summary>
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it finished.</summary>
    [JsonPropertyName("finished_at")] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The MCP <c>CallToolResult</c> once succeeded.</summary>
    [JsonPropertyName("result")] public JsonNode? Result { get; init; }
    /// <summary>Why it failed, once failed or interrupted.</summary>
    [JsonPropertyName("error")] public JobError? Error { get; init; }
    /// <summary>The batch it belongs to, if any.</summary>
    [JsonPropertyName("batch_id")] public string? BatchId { get; init; }
    /// <summary>Who submitted it (when authentication is on).</summary>
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    /// <summary>The instance that ran (or runs) it.</summary>
    [JsonPropertyName("instance_id")] public string? InstanceId { get; init; }
    /// <summary>True once the job will not change any more.</summary>
    [JsonIgnore] public bool IsFinished => JobStatuses.IsTerminal(Status);
}

/// <summary>Progress a tool reported (MCP <c>notifications/progress</c>).</summary>
/// <param name="Progress">Progress so far.</param>
/// <param name="Total">The total, when the tool knows it.</param>
/// <param name="Message">A message for people, if any.</param>
public sealed record JobProgress(
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("total")] double? Total,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>Why a job failed.</summary>
/// <param name="Status">The HTTP status the failure maps to.</param>
/// <param name="Title">A short summary.</param>
/// <param name="Detail">What went wrong.</param>
/// <param name="McpErrorCode">The upstream's JSON-RPC error code, if it answered with one.</param>
/// <param name="MayHaveExecuted">Whether the tool may have run although the job failed.</param>
public sealed record JobError(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("mcp_error_code")] int? McpErrorCode,
    [property: JsonPropertyName("may_have_executed")] bool MayHaveExecuted);

/// <summary>Job statuses.</summary>
public static class JobStatuses
{
    /// <summary>Waiting for a runner.</summary>
    public const string Queued = "queued";
    /// <summary>Running on an instance.</summary>
    public const string Running = "running";
    /// <summary>Finished with a result.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Finished with an error.</summary>
    public const string Failed = "failed";
    /// <summary>Cancelled by a caller.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>Cut off (process stopped) and not safe to re-run: it may have executed.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>True for statuses a job never leaves.</summary>
    /// <param name="status">A job status.</param>
    public static bool IsTerminal(string? status) => status is Succeeded or Failed or Cancelled or Interrupted;
}

/// <summary>A page of jobs, newest first.</summary>
public sealed record JobList
{
    /// <summary>The jobs of this page.</summary>
    [JsonPropertyName("jobs")] public IReadOnlyList<GatewayJob> Jobs { get; init; } = [];
    /// <summary>Pass as <see cref="JobQuery.Cursor"/> for the next page; null on the last page.</summary>
    [JsonPropertyName("next_cursor")] public string? NextCursor { get; init; }
}

/// <summary>Filters for <see cref="GatewayClient.ListJobsAsync"/>.</summary>
public sealed record JobQuery
{
    /// <summary>Only jobs with this status.</summary>
    public string? Status { get; init; }
    /// <summary>Only jobs of this template.</summary>
    public string? Template { get; init; }
    /// <summary>Only jobs of this batch.</summary>
    public string? BatchId { get; init; }
    /// <summary>Page size, 1 to 500 (gateway default 50).</summary>
    public int? Limit { get; init; }
    /// <summary>The <see cref="JobList.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}
