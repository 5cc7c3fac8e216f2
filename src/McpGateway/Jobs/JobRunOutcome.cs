namespace McpGateway.Jobs;

/// <summary>What the queue should do with the message after a run.</summary>
public enum JobRunOutcome
{
    /// <summary>The job reached a terminal state (or the message was stale): delete the message.</summary>
    Completed,
    /// <summary>The run failed for a transient reason (no instance reachable): let the message come back; this counts toward poison.</summary>
    RetryLater,
    /// <summary>
    /// Not now, and not a failure (another runner holds the job, or its batch is at its parallelism): queue a fresh message
    /// after a short delay and delete this one, so waiting never counts toward the poison limit.
    /// </summary>
    Deferred,
    /// <summary>Delivered too often: the job failed; move the message to the poison queue.</summary>
    Poison,
}
