using Microsoft.Extensions.Options;

namespace McpGateway.Jobs;

/// <summary>
/// The standalone runner: receives job messages from the queue, runs up to <c>MaxConcurrentJobs</c> at once through
/// <see cref="JobRunner"/>, keeps their messages invisible while they run, and deletes, releases or poisons them.
/// Off in the Functions app, where Durable Functions run the jobs.
/// </summary>
internal sealed class JobWorker(Hosting.StartupGate gate, IJobQueue queue, JobDelivery delivery, JobSignal signal, IOptions<JobOptions> options, TimeProvider time,
    ILogger<JobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        var settings = options.Value;
        if (!settings.EnableBackgroundRunner)
        {
            return;
        }
        var visibility = TimeSpan.FromSeconds(settings.VisibilityTimeoutSeconds);
        var poll = TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds);
        using var slots = new SemaphoreSlim(settings.MaxConcurrentJobs);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = slots.CurrentCount + 1;
                IReadOnlyList<QueueLease> leases;
                try
                {
                    leases = await queue.ReceiveAsync(Math.Min(32, free), visibility, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
                if (leases.Count == 0)
                {
                    await signal.WaitAsync(poll, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                foreach (var lease in leases)
                {
                    await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    running.Add(RunOneAsync(lease, visibility, slots, stoppingToken));
                }
                running.RemoveAll(t => t.IsCompleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The job runner loop failed; retrying.");
                await Task.Delay(poll, time, CancellationToken.None).ConfigureAwait(false);
            }
        }
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunOneAsync(QueueLease lease, TimeSpan visibility, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await delivery.RunAsync(lease, visibility, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message becomes visible again after its timeout.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Running job message {Message} failed; it will be delivered again.", lease.MessageId);
        }
        finally
        {
            slots.Release();
        }
    }
}
