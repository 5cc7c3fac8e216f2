using System.Security.Claims;
using McpGateway.Jobs;
using McpGateway.Security;

namespace McpGateway.Streaming;

/// <summary>Who may follow a job: the caller who may see it (<see cref="OwnerAccess.CanSeeJob"/>), the same rule as <c>GET /gateway/jobs/{id}</c>.</summary>
public sealed class JobSubscriptionGuard(IJobStore store, ITemplateAccess access)
{
    /// <summary>The job if it exists and <paramref name="user"/> may see it; otherwise null (unknown and foreign jobs look the same).</summary>
    public async Task<JobRecord?> FindAsync(string jobId, ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(jobId) || user is null)
        {
            return null;
        }
        var job = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is not null && OwnerAccess.CanSeeJob(user, job, access) ? job : null;
    }
}
