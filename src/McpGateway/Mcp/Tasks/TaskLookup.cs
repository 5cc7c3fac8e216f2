using McpGateway.Api;
using McpGateway.Jobs;
using McpGateway.Security;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// Finds the job behind a task id for a caller: visible only if <see cref="OwnerAccess.CanSeeJob"/> allows it and, on
/// <c>/mcp/{template}</c>, only the template's own jobs. Everything else is the same "not found" as an unknown id.
/// </summary>
internal sealed class TaskLookup(JobService jobs, ITemplateAccess access)
{
    public async Task<JobRecord> FindAsync(string taskId, TaskScope scope, McpCall call)
    {
        JobRecord job;
        try
        {
            job = await jobs.GetAsync(taskId, call.Cancellation).ConfigureAwait(false);
        }
        catch (GatewayException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw TaskErrors.NotFound();
        }
        catch (ArgumentException)
        {
            throw TaskErrors.NotFound(); // not even a valid key for the store
        }
        return IsVisible(job, scope, call) ? job : throw TaskErrors.NotFound();
    }

    public bool IsVisible(JobRecord job, TaskScope scope, McpCall call)
        => OwnerAccess.CanSeeJob(call.Caller, job, access) && scope.Contains(job);
}
