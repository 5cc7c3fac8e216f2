using Azure.Core;
using McpGateway.Azure.Storage.Auth;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Azure.Storage.Tables;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Azure.Storage;

/// <summary>
/// One storage account: its Table and Queue endpoints and a credential (Shared Key or Entra ID).
/// Create it with <see cref="FromConnectionString"/> or <see cref="FromConfiguration"/>, then get clients with
/// <see cref="GetTableClient"/> and <see cref="GetQueueClient"/>.
/// </summary>
public sealed class StorageAccount
{
    private StorageAccount(string accountName, Uri? tableServiceUri, Uri? queueServiceUri, StorageSharedKeyCredential? sharedKey, TokenCredential? tokenCredential)
    {
        AccountName = accountName;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        SharedKeyCredential = sharedKey;
        TokenCredential = tokenCredential;
    }

    public string AccountName { get; }

    /// <summary>Table service endpoint, e.g. <c>https://acct.table.core.windows.net</c> or <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>Queue service endpoint, e.g. <c>https://acct.queue.core.windows.net</c> or <c>http://127.0.0.1:10001/devstoreaccount1</c>.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>Set when the account authenticates with Shared Key (connection string).</summary>
    public StorageSharedKeyCredential? SharedKeyCredential { get; }

    /// <summary>Set when the account authenticates with Entra ID (identity-based settings).</summary>
    public TokenCredential? TokenCredential { get; }

    /// <summary>From a connection string (<c>UseDevelopmentStorage=true</c>, or AccountName/AccountKey with optional explicit endpoints).</summary>
    public static StorageAccount FromConnectionString(string connectionString)
    {
        StorageConnectionString parsed = StorageConnectionString.Parse(connectionString);
        var key = new StorageSharedKeyCredential(parsed.AccountName, parsed.AccountKey);
        return new StorageAccount(parsed.AccountName, parsed.TableEndpoint, parsed.QueueEndpoint, key, null);
    }

    /// <summary>Entra ID with explicit endpoints (either may be null if that service is not used).</summary>
    public static StorageAccount FromTokenCredential(Uri? tableServiceUri, Uri? queueServiceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        Uri any = tableServiceUri ?? queueServiceUri ?? throw new ArgumentException("At least one service URI is required.", nameof(tableServiceUri));
        return new StorageAccount(any.Host.Split('.')[0], tableServiceUri, queueServiceUri, null, credential);
    }

    /// <summary>
    /// Reads the settings Azure Functions uses for <c>AzureWebJobsStorage</c>-style connections:
    /// <list type="bullet">
    /// <item><c>&lt;prefix&gt;</c> (or <c>ConnectionStrings:&lt;prefix&gt;</c>) = a connection string, or otherwise</item>
    /// <item><c>&lt;prefix&gt;__accountName</c> and/or <c>__tableServiceUri</c> / <c>__queueServiceUri</c> for Entra ID, with
    /// <c>__credential=managedidentity</c> and optional <c>__clientId</c> (user-assigned identity); without <c>__credential</c>,
    /// <c>DefaultAzureCredential</c> (or <c>ClientSecretCredential</c> when <c>__tenantId</c>/<c>__clientId</c>/<c>__clientSecret</c> are set).</item>
    /// </list>
    /// (Environment variables with <c>__</c> appear as <c>:</c> in <see cref="IConfiguration"/>.)
    /// </summary>
    /// <param name="credential">Overrides the credential built from the settings (for tests or a shared credential).</param>
    public static StorageAccount FromConfiguration(IConfiguration configuration, string prefix = "AzureWebJobsStorage", TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);

        string? connectionString = configuration[prefix];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString(prefix);
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        IConfigurationSection section = configuration.GetSection(prefix);
        string? accountName = section["accountName"];
        Uri? tableUri = ReadUri(section, "tableServiceUri");
        Uri? queueUri = ReadUri(section, "queueServiceUri");
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

        credential ??= StorageCredentialFactory.Create(section);
        string name = string.IsNullOrWhiteSpace(accountName) ? (tableUri ?? queueUri)!.Host.Split('.')[0] : accountName;
        return new StorageAccount(name, tableUri, queueUri, null, credential);
    }

    public TableClient GetTableClient(string tableName, TableClientOptions? options = null)
    {
        Uri uri = TableServiceUri ?? throw new InvalidOperationException("No table endpoint is configured for this storage account.");
        return SharedKeyCredential is not null
            ? new TableClient(uri, tableName, SharedKeyCredential, options)
            : new TableClient(uri, tableName, TokenCredential!, options);
    }

    public QueueClient GetQueueClient(string queueName, QueueClientOptions? options = null)
    {
        Uri uri = QueueServiceUri ?? throw new InvalidOperationException("No queue endpoint is configured for this storage account.");
        return SharedKeyCredential is not null
            ? new QueueClient(uri, queueName, SharedKeyCredential, options)
            : new QueueClient(uri, queueName, TokenCredential!, options);
    }

    private static Uri? ReadUri(IConfigurationSection section, string key)
    {
        string? value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
            ? uri
            : throw new InvalidOperationException($"'{section.Path}:{key}' must be an absolute URI such as 'https://<account>.{key[..^"ServiceUri".Length]}.core.windows.net'.");
    }
}
