using McpGateway.Azure.Storage;
using McpGateway.Azure.Storage.Tables;
using McpGateway.Registry;
using McpGateway.Storage;
using McpGateway.Storage.Azure;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Hosting;

internal static class GatewayStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store <see cref="RegistryStoreSelector"/> picks. For <c>tables</c>, a <see cref="TableClientOptions"/>
    /// registered in the container (tests, custom transports) is used for the table client.
    /// </summary>
    public static IServiceCollection AddGatewayStore(this IServiceCollection services, GatewayOptions options, IConfiguration configuration)
    {
        if (RegistryStoreSelector.Select(options, configuration) == RegistryStoreSelector.Tables)
        {
            var account = OpenStorageAccount(configuration);
            services.AddSingleton<IRegistryStore>(provider => new TableRegistryStore(
                account.GetTableClient(options.TableName, provider.GetService<TableClientOptions>() ?? new TableClientOptions()),
                provider.GetRequiredService<TimeProvider>()));
            return services;
        }

        var path = Path.Combine(options.DataDirectory, "gateway.db");
        services.AddSingleton(_ => new SqliteDatabase(path));
        services.AddSingleton<IRegistryStore, SqliteRegistryStore>();
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
        return account;
    }
}
