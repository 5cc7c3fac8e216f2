namespace McpGateway.Hosting;

/// <summary>Gateway settings, bound from the <c>McpGateway</c> section (and the original gateway's environment names, see <see cref="LegacyEnvironmentSettings"/>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "McpGateway";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 8080;
    /// <summary>A JSON registry loaded at start (<c>{"templates": {...}}</c>).</summary>
    public string? RegistryFile { get; set; }
    /// <summary>Folder for the embedded store.</summary>
    public string DataDirectory { get; set; } = "data";
    /// <summary>
    /// Registry store by name: <c>sqlite</c> or <c>tables</c> (Azure Table Storage). Unset: chosen by
    /// <see cref="Storage.RegistryStoreSelector"/> (tables when <c>AzureWebJobsStorage</c> settings are present).
    /// </summary>
    public string? Store { get; set; }
    /// <summary>Forces the embedded store when <see cref="Store"/> is unset, even if <c>AzureWebJobsStorage</c> is configured.</summary>
    public bool Standalone { get; set; }
    /// <summary>Table holding the registry when the store is <c>tables</c>.</summary>
    public string TableName { get; set; } = "mcpgatewayregistry";
    public int HealthIntervalSeconds { get; set; } = 30;
    public int HealthTimeoutSeconds { get; set; } = 10;
    /// <summary>Consecutive failures that mark an instance unhealthy.</summary>
    public int UnhealthyThreshold { get; set; } = 3;
    public string DefaultStrategy { get; set; } = "round_robin";
    public int MaxRetries { get; set; } = 3;
    public int RequestTimeoutSeconds { get; set; } = 60;
    /// <summary>Seconds between checks of the shared store for registry changes made by other processes.</summary>
    public double RegistryRefreshSeconds { get; set; } = 5;
    /// <summary>Largest accepted request body in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
    /// <summary>Runs the active health checker loop (off in the isolated-worker Functions app, where the HealthSweep timer drives it).</summary>
    public bool EnableBackgroundHealthChecks { get; set; } = true;
}
