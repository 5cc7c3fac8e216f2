using McpGateway.Jobs;

namespace McpGateway.Streaming;

/// <summary>Who may follow a job: anyone while authentication is off; once jobs have owners, only the owner.</summary>
public sealed class JobSubscriptionGuard(IJobStore store)
{
    /// <summary>The job if it exists and <paramref name="user"/> may see it; otherwise null (unknown and foreign jobs look the same).</summary>
    public async Task<JobRecord?> FindAsync(string jobId, string? user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(jobId))
        {
            return null;
        }
        var job = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is null || (job.Owner is not null && !string.Equals(job.Owner, user, StringComparison.Ordinal)) ? null : job;
    }
}
