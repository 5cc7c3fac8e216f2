using System.ComponentModel.DataAnnotations;

namespace McpGateway.Functions.Jobs;

/// <summary>How the Functions app's Durable jobs run (section <c>McpGateway:Durable</c>); validated at start-up.</summary>
public sealed class DurableJobOptions
{
    public const string Section = "McpGateway:Durable";

    /// <summary>Bounds a whole job (every attempt and backoff) by a durable timer; 0: no per-job timeout.</summary>
    [Range(0, 7 * 24 * 3600)]
    public double JobTimeoutSeconds { get; set; } = 3600;

    /// <summary>Calls of the tool a job may make in all, the first included (repeats only where that cannot run the tool twice).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The durable-timer wait before the second call; doubled for each later one, up to a minute.</summary>
    [Range(0, 60)]
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>
    /// Items of a batch running at once when the batch asks for no limit (or more than this): fan-out of 1,000 calls would
    /// otherwise start 1,000 upstream calls together.
    /// </summary>
    [Range(1, 1000)]
    public int MaxBatchParallel { get; set; } = 16;

    /// <summary>
    /// How often an orchestration waiting for a stdio host (a job queued for the Container Apps job) reads the job's record, in case
    /// the host's reply on the reply queue is lost.
    /// </summary>
    [Range(1, 3600)]
    public double StdioPollSeconds { get; set; } = 15;
}
