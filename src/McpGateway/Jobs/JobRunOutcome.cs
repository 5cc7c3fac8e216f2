namespace McpGateway.Jobs;

/// <summary>What the queue should do with the message after a run.</summary>
public enum JobRunOutcome
{
    /// <summary>The job reached a terminal state (or the message was stale): delete the message.</summary>
    Completed,
    /// <summary>Not now (transient failure, another runner holds the job, batch at its parallelism): let the message come back.</summary>
    RetryLater,
    /// <summary>Delivered too often: the job failed; move the message to the poison queue.</summary>
    Poison,
}
