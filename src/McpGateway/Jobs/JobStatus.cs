namespace McpGateway.Jobs;

public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    /// <summary>The run was cut off (process stopped, lease expired) and the tool is not safe to re-run: it may have executed.</summary>
    public const string Interrupted = "interrupted";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled or Interrupted;

    public static IReadOnlyList<string> All { get; } = [Queued, Running, Succeeded, Failed, Cancelled, Interrupted];
}
