using McpGateway.Hosting;
using McpGateway.Mcp;
using McpGateway.Registry;
using McpGateway.Security;
using McpGateway.Storage;
using McpGateway.Storage.Azure;
using McpGateway.Storage.Sqlite;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Tests.Registry;

/// <summary>Which store the gateway uses is decided by configuration, in <see cref="RegistryStoreSelector"/> only.</summary>
public sealed class RegistryStoreSelectionTests
{
    private static string Select(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        return RegistryStoreSelector.Select(options, configuration);
    }

    [Fact]
    public void Nothing_configured_is_the_embedded_store() => Assert.Equal("sqlite", Select());

    [Theory]
    [InlineData("AzureWebJobsStorage", "UseDevelopmentStorage=true")]
    [InlineData("ConnectionStrings:AzureWebJobsStorage", "UseDevelopmentStorage=true")]
    [InlineData("AzureWebJobsStorage:accountName", "myaccount")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net")]
    public void Functions_storage_settings_select_tables(string key, string value)
    {
        Assert.Equal("tables", Select((key, value)));
        Assert.Equal("sqlite", Select((key, value), ("McpGateway:Standalone", "true")));
        Assert.Equal("sqlite", Select((key, value), ("McpGateway:Store", "sqlite")));
    }

    [Fact]
    public void Queue_only_identity_settings_do_not_select_tables()
        => Assert.Equal("sqlite", Select(("AzureWebJobsStorage:queueServiceUri", "https://myaccount.queue.core.windows.net")));

    [Fact]
    public void An_explicit_store_wins() => Assert.Equal("tables", Select(("McpGateway:Store", "Tables")));

    [Theory]
    [InlineData("McpGateway:Store", "cosmos", "McpGateway:Store is 'cosmos': use 'sqlite'")]
    [InlineData("McpGateway:TableName", "mcp-registry", "McpGateway:TableName is 'mcp-registry': use 3-63 letters or digits")]
    [InlineData("McpGateway:TableName", "tables", "McpGateway:TableName is 'tables'")]
    public void Bad_store_settings_stop_start_up_naming_the_setting(string key, string value, string message)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayApplication.Build([], Settings((key, value))));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Tables_together_with_standalone_is_refused()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayApplication.Build([], Settings(("McpGateway:Store", "tables"), ("McpGateway:Standalone", "true"))));
        Assert.Contains("McpGateway:Standalone is true", error.Message);
    }

    [Fact]
    public void Tables_without_storage_settings_names_AzureWebJobsStorage()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayApplication.Build([], Settings(("McpGateway:Store", "tables"))));
        Assert.Contains("AzureWebJobsStorage", error.Message);
        Assert.Contains("McpGateway:Store=sqlite", error.Message);
    }

    [Fact]
    public void A_malformed_connection_string_is_reported_without_its_content()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayApplication.Build([], Settings(("AzureWebJobsStorage", "AccountName=x;AccountKey=c2VjcmV0;Oops"))));
        Assert.Contains("AzureWebJobsStorage is not usable", error.Message);
        Assert.DoesNotContain("c2VjcmV0", error.Message);
    }

    [Fact]
    public async Task The_built_gateway_uses_the_selected_store()
    {
        await using var standalone = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["McpGateway:Standalone"] = "true",
        });
        Assert.IsType<SqliteRegistryStore>(standalone.Get<IRegistryStore>());
        Assert.IsType<SqlitePrincipalStore>(standalone.Get<IPrincipalStore>());
        Assert.IsType<SqliteAuditLog>(standalone.Get<IAuditLog>());
        Assert.IsType<SqliteMcpSessionStore>(standalone.Get<IMcpSessionStore>());

        // Built, not started: nothing is sent to the (absent) development storage.
        await using var tables = GatewayApplication.Build([], Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        var store = Assert.IsType<TableRegistryStore>(tables.Services.GetService(typeof(IRegistryStore)));
        Assert.Equal("mcpgatewayregistry", store.TableName);
        // Users, keys, audit and sessions are on the same account too: no local file in the cloud mode.
        Assert.Equal("mcpgatewayprincipals", Assert.IsType<TablePrincipalStore>(tables.Services.GetService(typeof(IPrincipalStore))).TableName);
        Assert.Equal("mcpgatewayaudit", Assert.IsType<TableAuditLog>(tables.Services.GetService(typeof(IAuditLog))).TableName);
        Assert.Equal("mcpgatewaysessions", Assert.IsType<TableMcpSessionStore>(tables.Services.GetService(typeof(IMcpSessionStore))).TableName);
    }

    [Theory]
    [InlineData("McpGateway:Auth:TableName", "users-and-keys", "McpGateway:Auth:TableName is 'users-and-keys': use 3-63 letters or digits")]
    [InlineData("McpGateway:Auth:AuditTableName", "tables", "McpGateway:Auth:AuditTableName is 'tables'")]
    [InlineData("McpGateway:Mcp:SessionTableName", "s", "McpGateway:Mcp:SessionTableName is 's'")]
    [InlineData("McpGateway:Mcp:SessionTableName", "mcpgatewayregistry", "the same table as McpGateway:TableName")]
    [InlineData("McpGateway:Auth:AuditTableName", "mcpgatewayprincipals", "the same table as McpGateway:Auth:TableName")]
    public void Bad_table_names_of_the_other_stores_stop_start_up_naming_the_setting(string key, string value, string message)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayApplication.Build([], Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), (key, value))));
        Assert.Contains(message, error.Message);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["McpGateway:Port"] = "0" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        return values;
    }
}
