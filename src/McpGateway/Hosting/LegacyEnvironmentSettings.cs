using System.Globalization;

namespace McpGateway.Hosting;

/// <summary>
/// Maps the environment variable names users of the original gateway know onto configuration keys.
/// Numbers are checked here, so a typo stops start-up with a message naming the variable rather than a binder error.
/// </summary>
public static class LegacyEnvironmentSettings
{
    private static readonly (string Variable, string Key, bool Numeric)[] Map =
    [
        ("MCP_GATEWAY_HOST", "McpGateway:Host", false),
        ("MCP_GATEWAY_PORT", "McpGateway:Port", true),
        ("MCP_GATEWAY_REGISTRY_FILE", "McpGateway:RegistryFile", false),
        ("MCP_GATEWAY_HEALTH_INTERVAL", "McpGateway:HealthIntervalSeconds", true),
        ("MCP_GATEWAY_HEALTH_TIMEOUT", "McpGateway:HealthTimeoutSeconds", true),
        ("MCP_GATEWAY_DEFAULT_STRATEGY", "McpGateway:DefaultStrategy", false),
        ("MCP_GATEWAY_MAX_RETRIES", "McpGateway:MaxRetries", true),
        ("MCP_GATEWAY_DATA_DIR", "McpGateway:DataDirectory", false),
        ("MCP_REQUEST_TIMEOUT", "McpGateway:RequestTimeoutSeconds", true),
        ("LOG_LEVEL", "Logging:LogLevel:Default", false),
        ("MIN_WORKERS", "McpGateway:Pool:MinWorkers", true),
        ("MAX_WORKERS", "McpGateway:Pool:MaxWorkers", true),
        ("MAX_TOTAL_WORKERS", "McpGateway:Pool:MaxTotalWorkers", true),
        ("API_KEY", "McpGateway:Auth:ApiKey", false),
        ("JWT_SECRET", "McpGateway:Auth:JwtSecret", false),
        ("API_RATE_LIMIT", "McpGateway:Auth:RateLimitPerMinute", true),
        ("MCP_GATEWAY_ADMIN_USER", "McpGateway:Auth:BootstrapAdmin:Username", false),
        ("MCP_GATEWAY_ADMIN_PASSWORD", "McpGateway:Auth:BootstrapAdmin:Password", false),
    ];

    /// <summary>Adds the mapped values as a configuration source that overrides appsettings.json.</summary>
    public static IConfigurationBuilder AddLegacyEnvironmentSettings(this IConfigurationBuilder builder, Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var values = new Dictionary<string, string?>();
        var errors = new List<string>();
        foreach (var (variable, key, numeric) in Map)
        {
            var value = read(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            value = value.Trim();
            if (numeric && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{variable}='{value}' is not a whole number: set it to a number, e.g. {variable}={DefaultExample(variable)}.");
                continue;
            }
            if (variable == "LOG_LEVEL")
            {
                value = NormalizeLogLevel(value, errors);
            }
            values[key] = value;
        }
        if (errors.Count > 0)
        {
            throw new GatewayConfigurationException(errors);
        }
        return builder.AddInMemoryCollection(values);
    }

    private static string DefaultExample(string variable) => variable switch
    {
        "MCP_GATEWAY_PORT" => "8080",
        "MCP_GATEWAY_HEALTH_INTERVAL" => "30",
        "MCP_GATEWAY_HEALTH_TIMEOUT" => "10",
        "MCP_GATEWAY_MAX_RETRIES" => "3",
        "API_RATE_LIMIT" => "100",
        _ => "60",
    };

    private static string NormalizeLogLevel(string value, List<string> errors)
    {
        var mapped = value.ToLowerInvariant() switch
        {
            "trace" => "Trace",
            "debug" => "Debug",
            "info" or "information" => "Information",
            "warn" or "warning" => "Warning",
            "error" => "Error",
            "critical" or "fatal" => "Critical",
            "none" => "None",
            _ => null,
        };
        if (mapped is null)
        {
            errors.Add($"LOG_LEVEL='{value}' is not a log level: use one of debug, info, warning, error, critical.");
            return value;
        }
        return mapped;
    }
}

/// <summary>Settings that cannot start the gateway. The message is meant for the operator, without a stack trace.</summary>
public sealed class GatewayConfigurationException(IEnumerable<string> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
