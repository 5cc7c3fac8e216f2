using McpGateway.Azure.Storage;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Azure.Storage.Tables;
using McpGateway.Jobs;
using McpGateway.Registry;
using McpGateway.Storage;
using McpGateway.Storage.Azure;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Hosting;

internal static class GatewayStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stores <see cref="RegistryStoreSelector"/> picks, for the registry and for jobs together: <c>tables</c>
    /// means the Table registry, the Table job store and the Azure job queue on the same storage account; <c>sqlite</c> means
    /// all three in the embedded database. A <see cref="TableClientOptions"/> or <see cref="QueueClientOptions"/> registered
    /// in the container (tests, custom transports) is used for the clients.
    /// </summary>
    public static IServiceCollection AddGatewayStore(this IServiceCollection services, GatewayOptions options, IConfiguration configuration)
    {
        if (RegistryStoreSelector.Select(options, configuration) == RegistryStoreSelector.Tables)
        {
            var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
            var errors = AzureJobStorageSettings.Validate(jobs).ToList();
            if (errors.Count > 0)
            {
                throw new GatewayConfigurationException(errors);
            }
            var account = OpenStorageAccount(configuration);
            TableClient Table(IServiceProvider provider, string name) => account.GetTableClient(name, provider.GetService<TableClientOptions>() ?? new TableClientOptions());
            services.AddSingleton<IRegistryStore>(provider => new TableRegistryStore(Table(provider, options.TableName), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IJobStore>(provider => new TableJobStore(Table(provider, jobs.TableName), provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IJobQueue>(provider => new AzureJobQueue(
                account.GetQueueClient(jobs.QueueName, provider.GetService<QueueClientOptions>() ?? new QueueClientOptions())));
            return services;
        }

        var path = Path.Combine(options.DataDirectory, "gateway.db");
        services.AddSingleton(_ => new SqliteDatabase(path));
        services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
        services.AddSingleton<IJobStore, SqliteJobStore>();
        services.AddSingleton<IJobQueue>(provider => new SqliteJobQueue(provider.GetRequiredService<SqliteDatabase>(), provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static StorageAccount OpenStorageAccount(IConfiguration configuration)
    {
        const string setting = RegistryStoreSelector.StorageConnection;
        StorageAccount account;
        try
        {
            account = StorageAccount.FromConfiguration(configuration, setting);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
        {
            // The parser's messages name the problem, never the key or secret.
            throw new GatewayConfigurationException([
                $"The registry store is 'tables' (McpGateway:Store), but {setting} is not usable: {e.Message} " +
                $"Or set McpGateway:Store=sqlite to use the embedded store."]);
        }
        if (account.TableServiceUri is null)
        {
            throw new GatewayConfigurationException([
                $"The registry store is 'tables' (McpGateway:Store), but {setting} has no table endpoint: " +
                $"set {setting}__accountName or {setting}__tableServiceUri, or a connection string with a TableEndpoint."]);
        }
        if (account.QueueServiceUri is null)
        {
            throw new GatewayConfigurationException([
                $"The store is 'tables' (McpGateway:Store), which keeps job messages in Azure Queue Storage, but {setting} has no queue endpoint: " +
                $"set {setting}__accountName or {setting}__queueServiceUri, or a connection string with a QueueEndpoint."]);
        }
        return account;
    }
}
