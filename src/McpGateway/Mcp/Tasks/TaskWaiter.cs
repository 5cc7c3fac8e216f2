using McpGateway.Api;
using McpGateway.Jobs;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// Waits for a job to end: woken by this process's job events, and re-reading the job every poll interval for jobs that run
/// elsewhere (another process, a Durable orchestration).
/// </summary>
internal sealed class TaskWaiter(JobService jobs, JobEventHub events, IOptions<TaskOptions> options, TimeProvider time)
{
    public async Task<JobRecord> UntilTerminalAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (JobStatus.IsTerminal(job.Status))
        {
            return job;
        }
        using var subscription = events.Subscribe(job.Id);
        var poll = TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds);
        Task<bool>? signalled = null;
        while (true)
        {
            // Read after subscribing: an end that happened in between is seen here rather than missed.
            job = await ReadAsync(job.Id, cancellationToken).ConfigureAwait(false);
            if (JobStatus.IsTerminal(job.Status))
            {
                return job;
            }
            signalled ??= subscription.Reader.WaitToReadAsync(cancellationToken).AsTask();
            using (var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var tick = Task.Delay(poll, time, delay.Token);
                await Task.WhenAny(signalled, tick).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (signalled.IsCompleted)
            {
                while (subscription.Reader.TryRead(out _))
                {
                }
                signalled = null;
            }
        }
    }

    private async Task<JobRecord> ReadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await jobs.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw TaskErrors.NotFound(); // removed while waited for
        }
    }
}
