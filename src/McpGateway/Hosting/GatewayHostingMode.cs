namespace McpGateway.Hosting;

/// <summary>How the gateway runs; decided here only.</summary>
public enum GatewayHostingMode
{
    /// <summary>A process of its own (<c>dotnet run</c>, a container).</summary>
    Standalone,
    /// <summary>An Azure Functions custom handler (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> is set by the Functions host).</summary>
    Functions,
    /// <summary>A queue worker (<c>McpGateway:Mode=worker</c>).</summary>
    Worker,
}

public static class GatewayHostingModes
{
    public static GatewayHostingMode Detect(IConfiguration configuration)
    {
        if (!string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]))
        {
            return GatewayHostingMode.Functions;
        }
        return string.Equals(configuration["McpGateway:Mode"], "worker", StringComparison.OrdinalIgnoreCase)
            ? GatewayHostingMode.Worker
            : GatewayHostingMode.Standalone;
    }

    /// <summary>Functions and worker modes run in someone's cloud, where the gateway must assume hostile callers.</summary>
    public static bool IsCloud(this GatewayHostingMode mode) => mode != GatewayHostingMode.Standalone;
}
