namespace McpGateway.Jobs;

/// <summary>
/// Runs one received queue message through <see cref="JobRunner"/> while keeping it invisible, then settles it on the
/// queue by the outcome: delete, poison, re-queue a fresh message (deferred), or let it come back after a short pause.
/// Shared by the background runner (<see cref="JobWorker"/>) and the drain mode.
/// </summary>
public sealed class JobDelivery(IJobQueue queue, JobRunner runner, TimeProvider time)
{
    /// <summary>How soon a message whose run failed transiently becomes visible again.</summary>
    public static TimeSpan RetryPause { get; } = TimeSpan.FromSeconds(1);

    public async Task<JobRunOutcome> RunAsync(QueueLease lease, TimeSpan visibility, CancellationToken cancellationToken)
    {
        using var keepAlive = new CancellationTokenSource();
        var current = lease;
        var extender = ExtendAsync();
        JobRunOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(lease.Text, lease.DequeueCount, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await keepAlive.CancelAsync().ConfigureAwait(false);
            await extender.ConfigureAwait(false);
        }
        switch (outcome)
        {
            case JobRunOutcome.Completed:
                await queue.DeleteAsync(current, CancellationToken.None).ConfigureAwait(false);
                break;
            case JobRunOutcome.Poison:
                await queue.MoveToPoisonAsync(current, CancellationToken.None).ConfigureAwait(false);
                break;
            case JobRunOutcome.Deferred:
                await queue.EnqueueAsync(lease.Text, JobRunner.DeferDelay, CancellationToken.None).ConfigureAwait(false);
                await queue.DeleteAsync(current, CancellationToken.None).ConfigureAwait(false);
                break;
            case JobRunOutcome.RetryLater:
                await queue.ExtendAsync(current, RetryPause, CancellationToken.None).ConfigureAwait(false);
                break;
        }
        return outcome;

        async Task ExtendAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(visibility / 3, time, keepAlive.Token).ConfigureAwait(false);
                    current = await queue.ExtendAsync(current, visibility, keepAlive.Token).ConfigureAwait(false) ?? current;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
