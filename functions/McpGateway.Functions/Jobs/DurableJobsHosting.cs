using McpGateway.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGateway.Functions.Jobs;

public static class DurableJobsHosting
{
    /// <summary>
    /// Durable Functions as the gateway's job engine (<see cref="DurableJobEngine"/>), chosen before the gateway's services are
    /// added (they add the queue engine only when no engine is chosen).
    /// </summary>
    public static IHostApplicationBuilder AddDurableJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DurableJobOptions>().BindConfiguration(DurableJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DurableClients>();
        builder.Services.AddSingleton<IJobEngine, DurableJobEngine>();
        return builder;
    }
}
