using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using McpGateway.Storage.Azure;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Storage;

/// <summary>The Functions-style storage settings become endpoints and a credential; nothing here contacts Azure.</summary>
public sealed class AzureStorageAccountTests
{
    [Fact]
    public void Development_storage_uses_the_azurite_defaults()
    {
        var account = AzureStorageAccount.Read(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        Assert.Equal("UseDevelopmentStorage=true", account.ConnectionString);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueServiceUri);
        Assert.Null(account.CreateCredential(Factory()));
    }

    [Fact]
    public void Connection_strings_take_explicit_endpoints_or_build_them_from_the_suffix()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var explicitEndpoints = AzureStorageAccount.Read(Config(("ConnectionStrings:Jobs",
            $"DefaultEndpointsProtocol=http;AccountName=acct;AccountKey={key};TableEndpoint=http://localhost:1234/acct;QueueEndpoint=http://localhost:1235/acct")), "Jobs");
        Assert.Equal(new Uri("http://localhost:1234/acct"), explicitEndpoints.TableServiceUri);
        Assert.Equal(new Uri("http://localhost:1235/acct"), explicitEndpoints.QueueServiceUri);

        var sovereign = AzureStorageAccount.Read(Config(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={key};EndpointSuffix=core.chinacloudapi.cn")));
        Assert.Equal("acct.table.core.chinacloudapi.cn", sovereign.TableServiceUri!.Host);
        Assert.Equal("acct.queue.core.chinacloudapi.cn", sovereign.QueueServiceUri!.Host);
    }

    [Fact]
    public void Bad_connection_strings_fail_without_echoing_secrets()
    {
        const string secret = "c2VjcmV0LWtleS1tYXRlcmlhbA==";
        var error = Assert.Throws<InvalidOperationException>(() => AzureStorageAccount.Read(Config(("AzureWebJobsStorage", $"AccountKey={secret};Nonsense"))));
        Assert.Contains("AzureWebJobsStorage", error.Message);
        Assert.DoesNotContain(secret, error.Message);
    }

    [Fact]
    public void Identity_settings_use_managed_identity_and_service_uris()
    {
        // Environment variables AzureWebJobsStorage__x arrive in IConfiguration as AzureWebJobsStorage:x.
        var byName = AzureStorageAccount.Read(Config(
            ("AzureWebJobsStorage:accountName", "prodacct"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));
        Assert.Null(byName.ConnectionString);
        Assert.Equal(new Uri("https://prodacct.table.core.windows.net"), byName.TableServiceUri);
        Assert.Equal(new Uri("https://prodacct.queue.core.windows.net"), byName.QueueServiceUri);
        var credential = byName.CreateCredential(Factory());
        Assert.IsType<ManagedIdentityCredential>(credential);
        Assert.Equal("prodacct", byName.CreateTableServiceClient(credential, new TableClientOptions()).AccountName);
        Assert.Equal("prodacct", byName.CreateQueueServiceClient(credential, new QueueClientOptions()).AccountName);

        var byUri = AzureStorageAccount.Read(Config(
            ("Store:tableServiceUri", "https://other.table.core.windows.net"),
            ("Store:queueServiceUri", "https://other.queue.core.windows.net")), "Store");
        Assert.Equal(new Uri("https://other.table.core.windows.net"), byUri.TableServiceUri);
        Assert.IsType<DefaultAzureCredential>(byUri.CreateCredential(Factory()));

        var tableOnly = AzureStorageAccount.Read(Config(("S:tableServiceUri", "https://t.table.core.windows.net")), "S");
        Assert.Null(tableOnly.QueueServiceUri);

        var missing = Assert.Throws<InvalidOperationException>(() => AzureStorageAccount.Read(Config(), "Nothing"));
        Assert.Contains("Nothing__accountName", missing.Message);
        var notUri = Assert.Throws<InvalidOperationException>(() => AzureStorageAccount.Read(Config(("S:tableServiceUri", "not a uri")), "S"));
        Assert.Contains("S__tableServiceUri", notUri.Message);
    }

    [Fact]
    public void Queue_clients_send_base64_messages()
    {
        var account = AzureStorageAccount.Read(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        var options = new QueueClientOptions();
        account.CreateQueueServiceClient(null, options);
        Assert.Equal(QueueMessageEncoding.Base64, options.MessageEncoding);
    }

    private static AzureComponentFactory Factory()
    {
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        return services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
