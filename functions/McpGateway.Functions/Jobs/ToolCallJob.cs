using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpGateway.Api;
using McpGateway.Jobs;
using McpGateway.Upstreams;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// The input of <see cref="ToolCallOrchestrator"/>: one long-running tools/call (a job). <see cref="Caller"/> is the access of
/// whoever submitted it, checked again by the router when the call runs. <see cref="RetrySafe"/> says the job may be sent again
/// after a failure that may have executed it (the tool is read-only or idempotent, or the caller said so).
/// <see cref="TimeoutSeconds"/> bounds the whole job (every attempt and backoff); zero or less means no per-job timeout.
/// </summary>
public sealed record ToolCallJobInput(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("arguments")] JsonObject? Arguments,
    [property: JsonPropertyName("retry_safe")] bool RetrySafe,
    [property: JsonPropertyName("timeout_seconds")] double TimeoutSeconds,
    [property: JsonPropertyName("caller")] JobCaller Caller)
{
    /// <summary>How many times the tool may be called in all (the first call included).</summary>
    [JsonPropertyName("max_attempts")]
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The durable-timer wait before the second call; it doubles for each later one, up to a minute.</summary>
    [JsonPropertyName("retry_delay_seconds")]
    public double RetryDelaySeconds { get; init; } = 2;

    /// <summary>
    /// Set when the template needs a stdio host this app does not have: the call is queued here for the stdio Container Apps job,
    /// and the orchestration waits for its end (the <c>stdio-done</c> event, or the record read every <c>StdioPollSeconds</c>).
    /// </summary>
    [JsonPropertyName("stdio_queue")]
    public string? StdioQueue { get; init; }

    /// <summary>How often an orchestration waiting for a stdio host reads the job's record, in case its reply is lost.</summary>
    [JsonPropertyName("stdio_poll_seconds")]
    public double StdioPollSeconds { get; init; } = 15;

    /// <summary>The orchestration input of a stored job (its id is the orchestration's instance id).</summary>
    public static ToolCallJobInput From(JobRecord job, DurableJobOptions options, string? stdioQueue = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        return new ToolCallJobInput(job.Id, job.Template, job.Tool, job.Arguments, job.RetrySafe, options.JobTimeoutSeconds, JobCaller.Of(job))
        {
            MaxAttempts = options.MaxAttempts,
            RetryDelaySeconds = options.RetryDelaySeconds,
            StdioQueue = stdioQueue,
            StdioPollSeconds = options.StdioPollSeconds,
        };
    }
}

/// <summary>The input of the <c>CallTool</c> activity: one attempt of a job.</summary>
public sealed record ToolCallAttempt(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("arguments")] JsonObject? Arguments,
    [property: JsonPropertyName("caller")] JobCaller Caller);

/// <summary>How a failed attempt failed, which decides whether the orchestrator may call again.</summary>
public static class ToolCallFailureKinds
{
    /// <summary>The call never ran (no instance reached, no healthy instance, session lost before it ran): always safe to repeat.</summary>
    public const string NotReached = "not_reached";

    /// <summary>The call was sent and its answer lost or late: repeated only for a retry-safe job.</summary>
    public const string MayHaveExecuted = "may_have_executed";

    /// <summary>An answer (the upstream's JSON-RPC error, a refusal, an unknown template): repeating it would not change it.</summary>
    public const string Final = "final";

    /// <summary>
    /// The attempt had been started before (the activity ran again after a crash) and the job is not retry-safe: the call may have
    /// run, so it is not sent again and the job ends <c>interrupted</c>.
    /// </summary>
    public const string Interrupted = "interrupted";

    /// <summary>The job's record ended meanwhile (cancelled through the API, or finished by an earlier run of this attempt).</summary>
    public const string Ended = "ended";
}

/// <summary>
/// What the <c>CallTool</c> activity returns for an attempt: the tools/call result as JSON text, or a failure. Upstream and
/// gateway failures are outcomes, not exceptions, so the orchestrator decides about retries; an exception out of the activity
/// is an unexpected fault (treated as may-have-executed).
/// </summary>
public sealed record ToolCallOutcome(
    [property: JsonPropertyName("result")] string? Result,
    [property: JsonPropertyName("failure_kind")] string? FailureKind,
    [property: JsonPropertyName("error")] JobError? Error)
{
    [JsonIgnore]
    public bool Succeeded => Error is null;

    public static ToolCallOutcome Success(string result) => new(result, null, null);

    public static ToolCallOutcome Failure(string kind, JobError error) => new(null, kind, error);

    /// <summary>
    /// A gateway or upstream failure as an outcome, classified as the queue worker (<see cref="JobRunner"/>) does: nothing
    /// sent (unreachable, session lost before it ran, no healthy instance) is <see cref="ToolCallFailureKinds.NotReached"/>;
    /// sent and then lost or late is <see cref="ToolCallFailureKinds.MayHaveExecuted"/>; any answer is final.
    /// </summary>
    public static ToolCallOutcome From(GatewayException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var upstream = e as UpstreamException;
        var kind = upstream?.Kind switch
        {
            UpstreamFailureKind.NotReached or UpstreamFailureKind.SessionLost => ToolCallFailureKinds.NotReached,
            UpstreamFailureKind.MayHaveExecuted or UpstreamFailureKind.Timeout => ToolCallFailureKinds.MayHaveExecuted,
            null when e.Status == 503 => ToolCallFailureKinds.NotReached,
            _ => ToolCallFailureKinds.Final,
        };
        return Failure(kind, JobErrors.From(e));
    }
}

/// <summary>The job's terminal state: <see cref="ToolCallJobStatus"/>; the tools/call result (JSON text) or the error.</summary>
public sealed record ToolCallJobResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("result")] string? Result,
    [property: JsonPropertyName("error")] JobError? Error,
    [property: JsonPropertyName("attempts")] int Attempts);

/// <summary>Terminal states (the output's <c>status</c>) and the custom status while the orchestration runs.</summary>
public static class ToolCallJobStatus
{
    public const string Running = "running";
    public const string Retrying = "retrying";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Timeout = "timeout";
    public const string Interrupted = "interrupted";
    public const string Cancelled = "cancelled";
}

/// <summary>The input of the <c>QueueStdioCall</c> activity: the job to queue for the stdio host, and its queue.</summary>
public sealed record StdioCall(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("queue")] string Queue);

/// <summary>The input of the <c>FinishJob</c> activity: the job's terminal state, written to its record unless that already ended.</summary>
public sealed record JobFinish(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("result")] ToolCallJobResult Result);
