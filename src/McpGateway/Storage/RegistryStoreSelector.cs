using McpGateway.Storage.Azure;
using McpGateway.Hosting;

namespace McpGateway.Storage;

/// <summary>
/// The one place that decides which <see cref="Registry.IRegistryStore"/> the gateway uses:
/// <c>McpGateway:Store</c> when set; otherwise <c>tables</c> when Functions-style storage settings are present
/// (<c>AzureWebJobsStorage</c> connection string, or <c>AzureWebJobsStorage__accountName</c> / <c>__tableServiceUri</c>),
/// unless <c>McpGateway:Standalone=true</c>; otherwise <c>sqlite</c>.
/// </summary>
public static class RegistryStoreSelector
{
    public const string Sqlite = "sqlite";
    public const string Tables = "tables";

    /// <summary>The Functions connection whose settings select (and configure) the table store.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    public static string Select(GatewayOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.Store))
        {
            return options.Store.Trim().ToLowerInvariant();
        }
        return !options.Standalone && HasStorageSettings(configuration) ? Tables : Sqlite;
    }

    public static bool HasStorageSettings(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration[StorageConnection])
           || !string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageConnection))
           || !string.IsNullOrWhiteSpace(configuration[$"{StorageConnection}:accountName"])
           || !string.IsNullOrWhiteSpace(configuration[$"{StorageConnection}:tableServiceUri"]);

    /// <summary>Checks the store settings that need no configuration lookup; messages name the setting and the fix.</summary>
    public static IEnumerable<string> Validate(GatewayOptions options)
    {
        var store = options.Store?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(store) && store is not (Sqlite or Tables))
        {
            yield return $"McpGateway:Store is '{options.Store}': use 'sqlite' (embedded) or 'tables' (Azure Table Storage), or unset it to choose automatically.";
        }
        if (store == Tables && options.Standalone)
        {
            yield return "McpGateway:Store is 'tables' but McpGateway:Standalone is true, which forces the embedded store: unset one of them.";
        }
        if (!IsValidTableName(options.TableName))
        {
            yield return $"McpGateway:TableName is '{options.TableName}': use 3-63 letters or digits starting with a letter (not 'tables'), e.g. mcpgatewayregistry.";
        }
    }

    private static bool IsValidTableName(string? name)
    {
        try
        {
            TableKeys.ValidateTableName(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
