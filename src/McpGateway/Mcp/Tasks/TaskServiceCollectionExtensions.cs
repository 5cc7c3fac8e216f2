using McpGateway.Jobs;

namespace McpGateway.Mcp.Tasks;

internal static class TaskServiceCollectionExtensions
{
    /// <summary>MCP tasks over the gateway's jobs: options (<c>McpGateway:Mcp:Tasks</c>), handlers, and the notification relay.</summary>
    public static IServiceCollection AddMcpTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TaskOptions>().Bind(configuration.GetSection(TaskOptions.Section))
            .Validate(o => o.PollIntervalMilliseconds > 0, "McpGateway:Mcp:Tasks:PollIntervalMilliseconds must be a positive number of milliseconds, e.g. 1000.")
            .Validate(o => o.PageSize is > 0 and <= 500, "McpGateway:Mcp:Tasks:PageSize must be from 1 to 500, e.g. 50.")
            .Validate(o => Enum.IsDefined(o.ServerDirected), "McpGateway:Mcp:Tasks:ServerDirected must be Never, OnRequest or Always.")
            .ValidateOnStart();
        services.AddSingleton<TaskEventRelay>();
        services.AddSingleton<IJobEventSink>(sp => sp.GetRequiredService<TaskEventRelay>());
        services.AddSingleton<TaskLookup>();
        services.AddSingleton<TaskWaiter>();
        services.AddSingleton<CreateTaskHandler>();
        services.AddSingleton<GetTaskHandler>();
        services.AddSingleton<TaskResultHandler>();
        services.AddSingleton<ListTasksHandler>();
        services.AddSingleton<CancelTaskHandler>();
        services.AddSingleton<UpdateTaskHandler>();
        services.AddSingleton<McpTasks>();
        return services;
    }
}
