using System.Globalization;
using McpGateway.Jobs;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// A job's status as a task status. Jobs never wait for client input (they run on shared upstream sessions, with no client to
/// ask), so <c>input_required</c> does not occur. A tool result with <c>isError</c> is <c>failed</c> in 2025-11-25 and
/// <c>completed</c> in the extension, as each says; a job cut off without re-run (<c>interrupted</c>) is <c>failed</c>.
/// </summary>
internal static class TaskStatusMap
{
    public static string StatusOf(JobRecord job, TaskGeneration generation) => job.Status switch
    {
        JobStatus.Queued or JobStatus.Running => TaskProtocol.Working,
        JobStatus.Succeeded when generation == TaskGeneration.Legacy && IsToolError(job) => TaskProtocol.Failed,
        JobStatus.Succeeded => TaskProtocol.Completed,
        JobStatus.Cancelled => TaskProtocol.Cancelled,
        _ => TaskProtocol.Failed, // failed, interrupted
    };

    public static string? MessageOf(JobRecord job) => job.Status switch
    {
        JobStatus.Queued => "Queued; waiting for a runner.",
        JobStatus.Running when job.Progress is { } p => ProgressText(p),
        JobStatus.Running => "Running.",
        JobStatus.Succeeded when IsToolError(job) => "The tool returned an error result (isError).",
        JobStatus.Succeeded => null,
        _ => job.Error?.Detail,
    };

    public static bool IsToolError(JobRecord job) => job.Result?["isError"] is { } flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private static string ProgressText(JobProgress progress)
    {
        var amount = progress.Total is { } total
            ? string.Create(CultureInfo.InvariantCulture, $"{progress.Progress}/{total}")
            : progress.Progress.ToString(CultureInfo.InvariantCulture);
        return progress.Message is { Length: > 0 } message ? $"Running ({amount}): {message}" : $"Running ({amount}).";
    }
}
