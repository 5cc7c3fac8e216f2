using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Worker;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// What the worker and drain modes add (by the mode <see cref="HostingModes.Detect"/> decided): worker — hosted templates,
    /// registration with heartbeat; drain — a private registry from the file and the drain runner. Standalone and worker gateways
    /// also remove worker registrations whose heartbeat is stale.
    /// </summary>
    public static IServiceCollection AddWorkerModes(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        if (mode is HostingMode.Standalone or HostingMode.Worker)
        {
            services.AddGatewayHostedService<StaleWorkerReaper>();
        }
        if (mode == HostingMode.Worker)
        {
            var options = configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
            var failures = options.Validate().ToList();
            if (failures.Count > 0)
            {
                throw new GatewayConfigurationException(failures);
            }
            services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section));
            services.AddSingleton<WorkerTemplates>();
            services.AddGatewayHostedService<WorkerRegistration>();
        }
        if (mode == HostingMode.Drain)
        {
            // The stdio templates of the file live in a registry of this run only; jobs come from the shared job store and queue.
            var privateDirectory = Path.Combine(Path.GetTempPath(), "mcpgw-drain-" + Guid.NewGuid().ToString("N"));
            Storage.Sqlite.PrivateFiles.CreateDirectory(privateDirectory);
            services.AddSingleton<IRegistryStore>(_ => new SqliteRegistryStore(new SqliteDatabase(Path.Combine(privateDirectory, "registry.db"))));
            services.AddSingleton<DrainOutcome>();
            services.AddGatewayHostedService<DrainRunner>();
        }
        return services;
    }
}
