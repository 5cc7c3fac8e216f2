using Azure.Data.Tables;
using Azure.Storage.Queues;
using McpGateway.Jobs;
using McpGateway.Mcp;
using McpGateway.Registry;
using McpGateway.Security;
using McpGateway.Storage;
using McpGateway.Storage.Azure;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Hosting;

internal static class GatewayStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stores <see cref="RegistryStoreSelector"/> picks, for everything the gateway keeps: <c>tables</c> means
    /// the Table registry, job store, principal store, audit log and session store and the Azure job queues, all on the same
    /// storage account (so every process that shares it shares users, keys, revocations, audit and MCP sessions);
    /// <c>sqlite</c> means all of them in the embedded database. Table clients come from the process's one <see cref="TableServiceClient"/>
    /// and queue clients from its one <see cref="QueueServiceClient"/> (<see cref="AzureStorageClientsServiceCollectionExtensions"/>;
    /// tests add pipeline policies with <c>AddAzureClients(b =&gt; b.ConfigureDefaults(...))</c>). Job queues come from <see cref="IJobQueues"/> by name;
    /// <see cref="IJobQueue"/> is the main one (<c>McpGateway:Jobs:QueueName</c>).
    /// </summary>
    public static IServiceCollection AddGatewayStore(this IServiceCollection services, GatewayOptions options, IConfiguration configuration)
    {
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        // The main queue, the one this process sends to and runs from, whichever store holds the queues.
        services.AddSingleton(provider => provider.GetRequiredService<IJobQueues>().Get(jobs.QueueName));
        if (RegistryStoreSelector.Select(options, configuration) == RegistryStoreSelector.Tables)
        {
            var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            var mcp = configuration.GetSection(McpFrontDoorOptions.Section).Get<McpFrontDoorOptions>() ?? new McpFrontDoorOptions();
            var errors = AzureJobStorageSettings.Validate(jobs).Concat(TableStoreSettings.Validate(options, jobs, auth, mcp)).ToList();
            if (errors.Count > 0)
            {
                throw new GatewayConfigurationException(errors);
            }
            var storage = AzureStorageClientsServiceCollectionExtensions.ReadForStore(configuration);
            services.AddAzureStorageClients(storage);
            TableClient Table(IServiceProvider provider, string name) => provider.GetRequiredService<TableServiceClient>().GetTableClient(name);
            services.AddSingleton<IRegistryStore>(provider => new TableRegistryStore(Table(provider, options.TableName), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IJobStore>(provider => new TableJobStore(Table(provider, jobs.TableName), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IJobQueues>(provider => new AzureJobQueues(provider.GetRequiredService<QueueServiceClient>()));
            services.AddSingleton<IPrincipalStore>(provider => new TablePrincipalStore(Table(provider, auth.TableName)));
            services.AddSingleton<IAuditLog>(provider => new TableAuditLog(Table(provider, auth.AuditTableName)));
            services.AddSingleton<IMcpSessionStore>(provider => new TableMcpSessionStore(Table(provider, mcp.SessionTableName)));
            return services;
        }

        var path = Path.Combine(options.DataDirectory, "gateway.db");
        services.AddSingleton(_ => new SqliteDatabase(path));
        services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
        services.AddSingleton<IJobStore, SqliteJobStore>();
        services.AddSingleton<IJobQueues>(provider => new SqliteJobQueues(provider.GetRequiredService<SqliteDatabase>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPrincipalStore, SqlitePrincipalStore>();
        services.AddSingleton<IAuditLog, SqliteAuditLog>();
        services.AddSingleton<IMcpSessionStore, SqliteMcpSessionStore>();
        return services;
    }
}
