using McpGateway.Jobs;
using Microsoft.Extensions.Options;

namespace McpGateway.Worker;

/// <summary>
/// The drain mode: receives job messages from the configured queue (<c>McpGateway:Jobs:QueueName</c>), runs up to
/// <c>MaxConcurrentJobs</c> at once through <see cref="JobRunner"/> (keeping their messages invisible while they run), and stops the
/// application with exit code 0 when a receive finds the queue empty — a Container Apps job triggered by queue length.
/// </summary>
internal sealed class DrainRunner(IJobQueue queue, JobDelivery delivery, DrainOutcome outcome, IOptions<JobOptions> options,
    IHostApplicationLifetime lifetime, ILogger<DrainRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var visibility = TimeSpan.FromSeconds(settings.VisibilityTimeoutSeconds);
        try
        {
            // Stopping before start-up completed would fail the start; begin once the application is up.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                var leases = await queue.ReceiveAsync(Math.Min(32, settings.MaxConcurrentJobs), visibility, stoppingToken).ConfigureAwait(false);
                if (leases.Count == 0)
                {
                    break;
                }
                await Task.WhenAll(leases.Select(l => RunOneAsync(l, visibility, stoppingToken))).ConfigureAwait(false);
                outcome.Delivered += leases.Count;
            }
            outcome.ExitCode = 0;
            logger.LogInformation("Drain finished: {Count} job deliveries handled; the queue is empty.", outcome.Delivered);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome.ExitCode = 1; // stopped from outside before the queue was empty; unfinished messages come back after their timeout
        }
        catch (Exception e)
        {
            logger.LogError(e, "Draining the job queue failed.");
            outcome.ExitCode = 1;
        }
        lifetime.StopApplication();
    }

    private Task RunOneAsync(QueueLease lease, TimeSpan visibility, CancellationToken stoppingToken)
        => delivery.RunAsync(lease, visibility, stoppingToken);
}
