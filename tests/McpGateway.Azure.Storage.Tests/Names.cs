namespace McpGateway.Azure.Storage.Tests;

/// <summary>Unique table/queue names so tests sharing one Azurite never collide.</summary>
internal static class Names
{
    public static string Table(string prefix = "t") => prefix + Guid.NewGuid().ToString("N")[..16];

    public static string Queue(string prefix = "q") => prefix + "-" + Guid.NewGuid().ToString("N")[..16];
}
