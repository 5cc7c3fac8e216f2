namespace McpGateway.Hosting;

/// <summary>How this process runs. Decided once, in <see cref="HostingModes.Detect"/>; nothing else inspects the environment for it.</summary>
public enum HostingMode
{
    /// <summary>Kestrel on the configured address, embedded store by default, background loops on.</summary>
    Standalone,
    /// <summary>An Azure Functions custom handler: the host sets <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, timers and queue triggers drive the loops.</summary>
    Functions,
}

public static class HostingModes
{
    /// <summary>Set by the Functions host for the custom handler it starts.</summary>
    public const string FunctionsPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static HostingMode Detect(IConfiguration configuration)
        => string.IsNullOrWhiteSpace(configuration[FunctionsPortVariable]) ? HostingMode.Standalone : HostingMode.Functions;

    /// <summary>
    /// The settings a mode implies, layered over everything else: in the Functions mode the handler binds 127.0.0.1 on the host's
    /// port, uses Azure storage, and leaves the health sweep and the job runner to the timer and queue triggers.
    /// </summary>
    public static IConfigurationBuilder AddHostingModeSettings(this IConfigurationManager configuration)
    {
        if (Detect(configuration) != HostingMode.Functions)
        {
            return configuration;
        }
        var port = configuration[FunctionsPortVariable]!.Trim();
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
        {
            throw new GatewayConfigurationException([$"{FunctionsPortVariable}='{port}' is not a port: the Functions host sets it; do not set it by hand outside the host."]);
        }
        var settings = new Dictionary<string, string?>
        {
            ["McpGateway:Host"] = "127.0.0.1",
            ["McpGateway:Port"] = port,
            ["McpGateway:EnableBackgroundHealthChecks"] = "false",
            ["McpGateway:Jobs:EnableBackgroundRunner"] = "false",
            ["McpGateway:DeferInitialization"] = "true",
        };
        if (string.IsNullOrWhiteSpace(configuration["McpGateway:Store"]))
        {
            settings["McpGateway:Store"] = "tables";
        }
        return configuration.AddInMemoryCollection(settings);
    }
}

/// <summary>The detected <see cref="HostingMode"/>, for services that behave differently by mode.</summary>
public sealed record GatewayHosting(HostingMode Mode);
