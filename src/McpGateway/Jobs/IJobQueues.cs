namespace McpGateway.Jobs;

/// <summary>
/// The job queues of the configured store by name: the main queue (<see cref="JobOptions.QueueName"/>, also registered as
/// <see cref="IJobQueue"/>) and others on the same account or database, e.g. the stdio queue (<see cref="JobOptions.StdioQueueName"/>).
/// The same name always gives the same queue; different names never share messages.
/// </summary>
public interface IJobQueues
{
    IJobQueue Get(string name);
}
