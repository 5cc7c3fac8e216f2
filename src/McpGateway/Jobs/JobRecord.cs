using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace McpGateway.Jobs;

/// <summary>A durable tool call. <see cref="Version"/> guards every update (optimistic concurrency).</summary>
public sealed record JobRecord
{
    [JsonPropertyName("job_id")] public string Id { get; init; } = "";
    [JsonPropertyName("template")] public string Template { get; init; } = "";
    [JsonPropertyName("tool")] public string Tool { get; init; } = "";
    [JsonPropertyName("arguments")] public JsonObject? Arguments { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = JobStatus.Queued;
    [JsonPropertyName("progress")] public JobProgress? Progress { get; init; }
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("finished_at")] public DateTimeOffset? FinishedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTimeOffset UpdatedAt { get; init; }
    [JsonPropertyName("result")] public JsonNode? Result { get; init; }
    [JsonPropertyName("error")] public JobError? Error { get; init; }
    [JsonPropertyName("batch_id")] public string? BatchId { get; init; }
    /// <summary>The submitter's principal id (<see cref="Security.GatewayIdentity.PrincipalId"/>); null while authentication is off.</summary>
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    /// <summary>The submitter's access, which the job's call is authorized against when it runs.</summary>
    [JsonPropertyName("caller")] public JobCaller? Caller { get; init; }
    /// <summary>The tool is annotated readOnlyHint or idempotentHint: a cut-off run may be re-run.</summary>
    [JsonPropertyName("retry_safe")] public bool RetrySafe { get; init; }
    /// <summary>The instance that ran (or runs) it.</summary>
    [JsonPropertyName("instance_id")] public string? InstanceId { get; init; }
    /// <summary>While running: the runner's lease; a running job whose lease expired was cut off.</summary>
    [JsonPropertyName("lease_until")] public DateTimeOffset? LeaseUntil { get; init; }
    [JsonPropertyName("version")] public long Version { get; init; }
}

public sealed record JobProgress(
    [property: JsonPropertyName("progress")] double Progress,
    [property: JsonPropertyName("total")] double? Total,
    [property: JsonPropertyName("message")] string? Message);

public sealed record JobError(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("mcp_error_code")] int? McpErrorCode,
    [property: JsonPropertyName("may_have_executed")] bool MayHaveExecuted);
