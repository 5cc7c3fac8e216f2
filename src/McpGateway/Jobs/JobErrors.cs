using McpGateway.Api;
using McpGateway.Upstreams;

namespace McpGateway.Jobs;

/// <summary>The job errors both job engines record, worded once.</summary>
public static class JobErrors
{
    /// <summary>A gateway or upstream failure as the job's error; a call that was sent and then lost or late may have executed.</summary>
    public static JobError From(GatewayException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var upstream = e as UpstreamException;
        return new JobError(e.Status, e.Title, e.Message, upstream?.McpErrorCode, upstream?.MayHaveExecuted ?? false);
    }

    /// <summary>A run cut off (process stopped or killed, lease expired) of a tool that is not safe to run again.</summary>
    public static JobError Interrupted() => new(502, "Interrupted",
        "The run was cut off (the process stopped or its lease expired) and the tool is not annotated readOnlyHint or idempotentHint, so it was not run again. It may have executed.",
        null, true);

    /// <summary>A job cancelled through the API; it may have executed when it was running.</summary>
    public static JobError Cancelled(bool mayHaveExecuted) => new(499, "Cancelled", "The job was cancelled by a client.", null, mayHaveExecuted);
}
