using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using McpGateway.Hosting;
using Microsoft.Extensions.Azure;

namespace McpGateway.Storage.Azure;

/// <summary>
/// Where the storage account is, read from the settings the Functions host reads for <c>AzureWebJobsStorage</c>:
/// a connection string (<c>AzureWebJobsStorage</c> or <c>ConnectionStrings:AzureWebJobsStorage</c>), or identity-based
/// settings (<c>AzureWebJobsStorage__accountName</c>, <c>__tableServiceUri</c>, <c>__queueServiceUri</c>, with
/// <c>__credential</c>/<c>__clientId</c>/<c>__tenantId</c>… read by Microsoft.Extensions.Azure's
/// <see cref="AzureComponentFactory.CreateTokenCredential"/>, as the host does).
/// </summary>
/// <param name="ConnectionString">Set for Shared Key / development storage; the endpoints are then the connection string's.</param>
/// <param name="Identity">The settings section the token credential is read from when there is no connection string.</param>
public sealed record AzureStorageAccount(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, IConfigurationSection Identity)
{
    /// <summary>
    /// Reads the settings under <paramref name="prefix"/>. Throws <see cref="InvalidOperationException"/> (naming the setting,
    /// never the secret) when nothing usable is set.
    /// </summary>
    public static AzureStorageAccount Read(IConfiguration configuration, string prefix = RegistryStoreSelector.StorageConnection)
    {
        var section = configuration.GetSection(prefix);
        var connectionString = configuration[prefix];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString(prefix);
        }
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Uri tables, queues;
            try
            {
                // Parsing only: no request is sent.
                tables = new TableServiceClient(connectionString).Uri;
                queues = new QueueServiceClient(connectionString).Uri;
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or UriFormatException)
            {
                // The SDK's messages can quote the connection string: name the setting only.
                throw new InvalidOperationException($"'{prefix}' is not a valid storage connection string ({e.GetType().Name}).");
            }
            return new AzureStorageAccount(connectionString, tables, queues, section);
        }

        var accountName = section["accountName"];
        var tableUri = ReadUri(section, prefix, "tableServiceUri");
        var queueUri = ReadUri(section, prefix, "queueServiceUri");
        if (string.IsNullOrWhiteSpace(accountName) && tableUri is null && queueUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{prefix}' to a connection string (e.g. 'UseDevelopmentStorage=true'), " +
                $"or set '{prefix}__accountName' (or '{prefix}__tableServiceUri' and '{prefix}__queueServiceUri') for Entra ID.");
        }
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            tableUri ??= new Uri($"https://{accountName}.table.core.windows.net");
            queueUri ??= new Uri($"https://{accountName}.queue.core.windows.net");
        }
        return new AzureStorageAccount(null, tableUri, queueUri, section);
    }

    /// <summary>The Entra ID credential of identity-based settings (null with a connection string).</summary>
    public TokenCredential? CreateCredential(AzureComponentFactory factory)
        => ConnectionString is null ? factory.CreateTokenCredential(Identity) : null;

    public TableServiceClient CreateTableServiceClient(TokenCredential? credential, TableClientOptions options)
        => ConnectionString is not null
            ? new TableServiceClient(ConnectionString, options)
            : new TableServiceClient(TableServiceUri ?? throw new InvalidOperationException("No table endpoint is configured."), credential, options);

    /// <summary>Queue messages are base64, what Functions queue triggers expect.</summary>
    public QueueServiceClient CreateQueueServiceClient(TokenCredential? credential, QueueClientOptions options)
    {
        options.MessageEncoding = QueueMessageEncoding.Base64;
        return ConnectionString is not null
            ? new QueueServiceClient(ConnectionString, options)
            : new QueueServiceClient(QueueServiceUri ?? throw new InvalidOperationException("No queue endpoint is configured."), credential, options);
    }

    private static Uri? ReadUri(IConfigurationSection section, string prefix, string key)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"'{prefix}__{key}' must be an absolute URI such as 'https://<account>.{key[..^"ServiceUri".Length]}.core.windows.net'.");
    }
}

/// <summary>
/// Registers the process's one <see cref="TableServiceClient"/> and one <see cref="QueueServiceClient"/> with
/// Microsoft.Extensions.Azure (<c>AddAzureClients</c>). Every store's <see cref="TableClient"/>/<see cref="QueueClient"/>
/// comes from these, so they share one HTTP pipeline. Client options (retries, extra <see cref="HttpPipelinePolicy"/>s such
/// as the tests' request counter) are configured the Microsoft.Extensions.Azure way:
/// <c>services.AddAzureClients(b =&gt; b.ConfigureDefaults(o =&gt; o.AddPolicy(...)))</c>.
/// </summary>
public static class AzureStorageClientsServiceCollectionExtensions
{
    public static IServiceCollection AddAzureStorageClients(this IServiceCollection services, AzureStorageAccount account)
    {
        services.AddAzureClients(builder =>
        {
            builder.AddClient<TableServiceClient, TableClientOptions>((options, provider) =>
                account.CreateTableServiceClient(account.CreateCredential(provider.GetRequiredService<AzureComponentFactory>()), options));
            builder.AddClient<QueueServiceClient, QueueClientOptions>((options, provider) =>
                account.CreateQueueServiceClient(account.CreateCredential(provider.GetRequiredService<AzureComponentFactory>()), options));
        });
        return services;
    }

    /// <summary>Reads the account, turning unusable settings into a start-up error that names them.</summary>
    internal static AzureStorageAccount ReadForStore(IConfiguration configuration)
    {
        const string setting = RegistryStoreSelector.StorageConnection;
        AzureStorageAccount account;
        try
        {
            account = AzureStorageAccount.Read(configuration, setting);
        }
        catch (InvalidOperationException e)
        {
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
