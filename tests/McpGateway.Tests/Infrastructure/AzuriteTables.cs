using Azure.Data.Tables;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Table clients on the shared Azurite; every test uses its own table so tests never see each other's rows.</summary>
public static class AzuriteTables
{
    public static string UniqueName() => "reg" + Guid.NewGuid().ToString("N");

    public static TableClient Client(AzuriteFixture azurite, string table, TableClientOptions? options = null)
        => new TableServiceClient(azurite.ConnectionString, options ?? new TableClientOptions()).GetTableClient(table);

    /// <summary>
    /// Settings that make a <see cref="GatewayHost"/> use the table store on this Azurite (chosen automatically): the registry
    /// in <paramref name="table"/>, users/keys, audit and sessions in tables named after it (so gateways given the same
    /// <paramref name="table"/> share all of them, and other tests see none of it).
    /// </summary>
    public static Dictionary<string, string?> GatewaySettings(AzuriteFixture azurite, string table) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["McpGateway:TableName"] = table,
        ["McpGateway:Auth:TableName"] = table + "principals",
        ["McpGateway:Auth:AuditTableName"] = table + "audit",
        ["McpGateway:Mcp:SessionTableName"] = table + "sessions",
    };
}
