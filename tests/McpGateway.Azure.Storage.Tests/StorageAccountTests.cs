using Azure;
using Azure.Core;
using Azure.Identity;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Azure.Storage.Tables;
using McpGateway.Azure.Storage.Tests.Azurite;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Azure.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StorageAccountTests(AzuriteFixture azurite)
{
    [Fact]
    public void Development_storage_uses_the_azurite_defaults()
    {
        StorageAccount account = StorageAccount.FromConnectionString("UseDevelopmentStorage=true");
        Assert.Equal("devstoreaccount1", account.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), account.TableServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), account.QueueServiceUri);
        Assert.NotNull(account.SharedKeyCredential);
        Assert.Null(account.TokenCredential);
    }

    [Fact]
    public void Account_connection_strings_build_endpoints_from_the_suffix_or_take_explicit_ones()
    {
        string key = Convert.ToBase64String(new byte[32]);
        StorageAccount azure = StorageAccount.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={key};EndpointSuffix=core.chinacloudapi.cn");
        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn"), azure.TableServiceUri);
        Assert.Equal(new Uri("https://acct.queue.core.chinacloudapi.cn"), azure.QueueServiceUri);

        StorageAccount explicitEndpoints = StorageAccount.FromConnectionString(
            $"accountname=acct;accountkey={key};TableEndpoint=http://localhost:1234/acct;QueueEndpoint=http://localhost:1235/acct");
        Assert.Equal(new Uri("http://localhost:1234/acct"), explicitEndpoints.TableServiceUri);
        Assert.Equal(new Uri("http://localhost:1235/acct"), explicitEndpoints.QueueServiceUri);
        Assert.Equal("https://acct.table.core.windows.net/", StorageAccount.FromConnectionString($"AccountName=acct;AccountKey={key}").TableServiceUri!.AbsoluteUri);
    }

    [Fact]
    public void Bad_connection_strings_fail_without_echoing_secrets()
    {
        const string secret = "c2VjcmV0LWtleS1tYXRlcmlhbA==";
        var noName = Assert.Throws<FormatException>(() => StorageAccount.FromConnectionString($"AccountKey={secret}"));
        Assert.Contains("AccountName", noName.Message);
        Assert.DoesNotContain(secret, noName.Message);

        var badKey = Assert.Throws<ArgumentException>(() => StorageAccount.FromConnectionString("AccountName=a;AccountKey=not*base64!"));
        Assert.DoesNotContain("not*base64!", badKey.Message);

        Assert.Throws<NotSupportedException>(() => StorageAccount.FromConnectionString("TableEndpoint=https://a.table.core.windows.net;SharedAccessSignature=sv=1&sig=abc"));
        Assert.DoesNotContain(secret, StorageConnectionString.Parse($"AccountName=a;AccountKey={secret}").ToString());
    }

    [Fact]
    public void Configuration_connection_string_wins()
    {
        IConfiguration config = Config(("AzureWebJobsStorage", azurite.ConnectionString));
        StorageAccount account = StorageAccount.FromConfiguration(config);
        Assert.Equal(azurite.TableEndpoint, account.TableServiceUri);
        Assert.Equal(azurite.QueueEndpoint, account.QueueServiceUri);

        StorageAccount named = StorageAccount.FromConfiguration(Config(("ConnectionStrings:Jobs", "UseDevelopmentStorage=true")), "Jobs");
        Assert.Equal("devstoreaccount1", named.AccountName);
    }

    [Fact]
    public void Identity_settings_use_managed_identity_and_service_uris()
    {
        // Environment variables AzureWebJobsStorage__x arrive in IConfiguration as AzureWebJobsStorage:x.
        StorageAccount byName = StorageAccount.FromConfiguration(Config(
            ("AzureWebJobsStorage:accountName", "prodacct"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001")));
        Assert.Equal("prodacct", byName.AccountName);
        Assert.Equal(new Uri("https://prodacct.table.core.windows.net"), byName.TableServiceUri);
        Assert.Equal(new Uri("https://prodacct.queue.core.windows.net"), byName.QueueServiceUri);
        Assert.IsType<ManagedIdentityCredential>(byName.TokenCredential);
        Assert.Null(byName.SharedKeyCredential);
        Assert.Equal("prodacct", byName.GetTableClient("jobs").ServiceUri.Host.Split('.')[0]);

        StorageAccount byUri = StorageAccount.FromConfiguration(Config(
            ("Store:tableServiceUri", "https://other.table.core.windows.net"),
            ("Store:queueServiceUri", "https://other.queue.core.windows.net")), "Store");
        Assert.Equal("other", byUri.AccountName);
        Assert.IsType<DefaultAzureCredential>(byUri.TokenCredential);

        var missing = Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(Config(), "Nothing"));
        Assert.Contains("Nothing__accountName", missing.Message);
        Assert.Throws<InvalidOperationException>(() => StorageAccount.FromConfiguration(Config(
            ("S:accountName", "a"), ("S:credential", "magic")), "S"));
    }

    [Fact]
    public async Task Bearer_tokens_are_sent_with_the_storage_scope()
    {
        var credential = new RecordingCredential();
        StorageAccount account = StorageAccount.FromTokenCredential(new Uri("https://127.0.0.1:1/acct"), null, credential);
        TableClient table = account.GetTableClient("scoped", new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } });
        await Assert.ThrowsAsync<RequestFailedException>(() => table.CreateIfNotExistsAsync());
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);
    }

    [Fact]
    public async Task Wrong_account_key_gives_a_clear_403_without_the_key()
    {
        string wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        string connection = azurite.ConnectionString.Replace(AzuriteFixture.AccountKey, wrongKey, StringComparison.Ordinal);
        StorageAccount account = StorageAccount.FromConnectionString(connection);

        var table = await Assert.ThrowsAsync<RequestFailedException>(() => account.GetTableClient(Names.Table()).CreateIfNotExistsAsync());
        var queue = await Assert.ThrowsAsync<RequestFailedException>(() => account.GetQueueClient(Names.Queue()).CreateIfNotExistsAsync());
        foreach (RequestFailedException ex in new[] { table, queue })
        {
            Assert.Equal(403, ex.Status);
            Assert.Contains(ex.ErrorCode, new[] { "AuthorizationFailure", "AuthenticationFailed" });
            Assert.DoesNotContain(wrongKey, ex.ToString());
            Assert.DoesNotContain(AzuriteFixture.AccountKey, ex.ToString());
            Assert.Contains("403", ex.Message);
        }
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
