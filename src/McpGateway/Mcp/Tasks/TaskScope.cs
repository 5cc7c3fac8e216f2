using McpGateway.Jobs;

namespace McpGateway.Mcp.Tasks;

/// <summary>The tasks an endpoint serves: one template's on <c>/mcp/{template}</c>, every template's on <c>/mcp</c>.</summary>
internal sealed record TaskScope(string? Template)
{
    public static TaskScope Of(IMcpTarget target)
        => new(target.Name == McpSessionRecord.AggregateTarget ? null : target.Name);

    public bool Contains(JobRecord job) => Template is null || string.Equals(job.Template, Template, StringComparison.Ordinal);
}
