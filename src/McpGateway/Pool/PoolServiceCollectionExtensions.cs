using McpGateway.Hosting;

namespace McpGateway.Pool;

public static class PoolServiceCollectionExtensions
{
    /// <summary>stdio process pools: options (validated at start), the pools and their maintenance loop.</summary>
    public static IServiceCollection AddStdioPools(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PoolOptions.Section).Get<PoolOptions>() ?? new PoolOptions();
        var failures = options.Validate().ToList();
        if (failures.Count > 0)
        {
            throw new GatewayConfigurationException(failures);
        }
        services.AddOptions<PoolOptions>().Bind(configuration.GetSection(PoolOptions.Section));
        services.AddSingleton<StdioProcessPools>();
        services.AddGatewayHostedService<PoolMaintainer>();
        return services;
    }
}
