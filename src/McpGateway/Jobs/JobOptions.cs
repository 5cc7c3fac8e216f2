namespace McpGateway.Jobs;

/// <summary>Settings of durable jobs (section <c>McpGateway:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string Section = "McpGateway:Jobs";
    public const string DefaultQueueName = "mcpgateway-jobs";

    /// <summary>Jobs one gateway process runs at once.</summary>
    public int MaxConcurrentJobs { get; set; } = 8;
    /// <summary>How long a received message stays invisible; a runner extends it while the job runs. Also the job's lease.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 30;
    /// <summary>Deliveries after which a message goes to the poison queue and its job fails.</summary>
    public int MaxDequeueCount { get; set; } = 5;
    /// <summary>How often an idle standalone runner looks at the queue (it is also woken at once by local submissions).</summary>
    public int PollIntervalMilliseconds { get; set; } = 500;
    /// <summary>Runs the background queue runner (<see cref="JobWorker"/>) of the standalone server; off in the worker and drain modes and in the Functions app (Durable Functions run its jobs).</summary>
    public bool EnableBackgroundRunner { get; set; } = true;
    /// <summary>Seconds between keep-alive comments on idle SSE streams (the Functions proxy cuts streams idle for 240 s).</summary>
    public int SseKeepAliveSeconds { get; set; } = 15;
    /// <summary>Most calls in one batch.</summary>
    public int MaxBatchSize { get; set; } = 1000;
    /// <summary>
    /// The queue this process sends jobs to and runs them from (poison queue: <c>&lt;name&gt;-poison</c>): Azure Queue Storage when the
    /// store is <c>tables</c>; in the embedded store the default name is its historical <c>jobs</c> queue.
    /// </summary>
    public string QueueName { get; set; } = DefaultQueueName;
    /// <summary>
    /// The queue for jobs this process cannot run because their template needs a stdio host (see <see cref="JobRouting"/>); only the
    /// isolated-worker Functions app uses it. Unset: every job goes to <see cref="QueueName"/>. A drain run (Container Apps job) consumes it as its
    /// <see cref="QueueName"/>.
    /// </summary>
    public string? StdioQueueName { get; set; }
    /// <summary>
    /// Where a run that takes jobs from the stdio queue (a drain run, the Container Apps job) posts <c>{"job_id"}</c> once a job it ran
    /// has ended: the Functions app's queue-triggered <c>StdioJobDone</c> function resumes the job's orchestration with it. Unset: nothing
    /// is posted (the orchestration still notices the end by reading the record every <c>StdioPollSeconds</c> of the app).
    /// </summary>
    public string? ReplyQueueName { get; set; }
    /// <summary>
    /// How long a synchronous REST <c>tools/call</c> to a template only the stdio host can run (see <see cref="JobRouting"/>) waits for
    /// the job it becomes before answering <c>202</c> with that job.
    /// </summary>
    public double StdioSyncWaitSeconds { get; set; } = 25;
    /// <summary>Table of job and batch records when the store is <c>tables</c>.</summary>
    public string TableName { get; set; } = "mcpgatewayjobs";
}
