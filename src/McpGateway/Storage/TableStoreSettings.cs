using McpGateway.Storage.Azure;
using McpGateway.Hosting;
using McpGateway.Jobs;
using McpGateway.Mcp;
using McpGateway.Security;

namespace McpGateway.Storage;

/// <summary>
/// Checks the tables of the principal, audit and session stores used when the store is <c>tables</c>: valid names, and
/// no table shared with another store. Messages name the setting and the fix.
/// </summary>
public static class TableStoreSettings
{
    public static IEnumerable<string> Validate(GatewayOptions gateway, JobOptions jobs, AuthOptions auth, McpFrontDoorOptions mcp)
    {
        (string Setting, string? Name, string Example)[] tables =
        [
            ("McpGateway:Auth:TableName", auth.TableName, "mcpgatewayprincipals"),
            ("McpGateway:Auth:AuditTableName", auth.AuditTableName, "mcpgatewayaudit"),
            ("McpGateway:Mcp:SessionTableName", mcp.SessionTableName, "mcpgatewaysessions"),
        ];
        (string Setting, string? Name)[] taken = [("McpGateway:TableName", gateway.TableName), ("McpGateway:Jobs:TableName", jobs.TableName)];
        foreach (var (setting, name, example) in tables)
        {
            if (!IsValidTableName(name))
            {
                yield return $"{setting} is '{name}': use 3-63 letters or digits starting with a letter (not 'tables'), e.g. {example}.";
                continue;
            }
            if (taken.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) is { Setting: { } other })
            {
                yield return $"{setting} is '{name}', the same table as {other}: give each store its own table, e.g. {example}.";
            }
            taken = [.. taken, (setting, name)];
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
