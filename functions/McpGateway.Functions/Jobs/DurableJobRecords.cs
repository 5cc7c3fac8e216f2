using System.Text.Json.Nodes;
using McpGateway.Jobs;

namespace McpGateway.Functions.Jobs;

/// <summary>How an orchestration's verdict reads in the job's record (the shape both hosts answer with).</summary>
public static class DurableJobRecords
{
    /// <summary><paramref name="job"/> with <paramref name="result"/>'s status, result and error (timing fields are the caller's).</summary>
    public static JobRecord Apply(JobRecord job, ToolCallJobResult result)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            ToolCallJobStatus.Succeeded => job with { Status = JobStatus.Succeeded, Result = result.Result is null ? null : JsonNode.Parse(result.Result), Error = null },
            ToolCallJobStatus.Interrupted => job with { Status = JobStatus.Interrupted, Error = result.Error },
            ToolCallJobStatus.Cancelled => job with { Status = JobStatus.Cancelled, Error = result.Error },
            _ => job with { Status = JobStatus.Failed, Error = result.Error }, // failed, timeout
        };
    }

    /// <summary>The verdict an ended record holds (the reverse of <see cref="Apply"/>), or null while the job has not ended.</summary>
    public static ToolCallJobResult? ResultOf(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Status switch
        {
            JobStatus.Succeeded => new ToolCallJobResult(ToolCallJobStatus.Succeeded, job.Result?.ToJsonString() ?? "null", null, job.Attempts),
            JobStatus.Interrupted => new ToolCallJobResult(ToolCallJobStatus.Interrupted, null, job.Error, job.Attempts),
            JobStatus.Cancelled => new ToolCallJobResult(ToolCallJobStatus.Cancelled, null, job.Error, job.Attempts),
            JobStatus.Failed => new ToolCallJobResult(ToolCallJobStatus.Failed, null, job.Error, job.Attempts),
            _ => null,
        };
    }
}
