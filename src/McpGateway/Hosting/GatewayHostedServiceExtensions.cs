using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Hosting;

internal static class GatewayHostedServiceExtensions
{
    /// <summary>
    /// Registers <typeparamref name="T"/> as a singleton (unless registered already, so other services can depend on it) and runs
    /// that one instance as a hosted service, in registration order.
    /// </summary>
    public static IServiceCollection AddGatewayHostedService<T>(this IServiceCollection services)
        where T : class, IHostedService
    {
        services.TryAddSingleton<T>();
        return services.AddHostedService(sp => sp.GetRequiredService<T>());
    }
}
