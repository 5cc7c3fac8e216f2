namespace McpGateway.Hosting;

/// <summary>
/// How this process runs. Decided once: by <see cref="HostingModes.Detect"/> for the gateway executable, by the Functions app's
/// <c>Program</c> for <see cref="FunctionsWorker"/>; nothing else inspects the environment for it.
/// </summary>
public enum HostingMode
{
    /// <summary>Kestrel on the configured address, embedded store by default, background loops on.</summary>
    Standalone,
    /// <summary>
    /// <c>McpGateway:Mode=worker</c>: hosts the stdio templates of its registry file as process pools, serves each at
    /// <c>/mcp/{template}</c> and registers itself in the shared registry as HTTP instances with a heartbeat (Container Apps).
    /// </summary>
    Worker,
    /// <summary><c>McpGateway:Mode=drain</c>: runs the queued jobs for the stdio templates of its registry file, then exits 0 (a Container Apps job).</summary>
    Drain,
    /// <summary>
    /// An isolated-worker Azure Functions app (<c>functions/McpGateway.Functions</c>): its catch-all HTTP function hands each
    /// request to the gateway's pipeline (<see cref="GatewayRequestPipeline"/>), its timer drives the health sweep. Never
    /// detected from the environment: that app's <c>Program</c> chooses it (<see cref="FunctionsWorkerHosting.AddGatewayFunctionsWorker"/>).
    /// </summary>
    FunctionsWorker,
}

public static class HostingModes
{
    /// <summary>
    /// The settings the isolated-worker Functions app implies, layered over everything else: Azure storage (Table Storage from
    /// <c>AzureWebJobsStorage</c>) unless a store is named, no background health loop (the <c>HealthSweep</c> timer function
    /// runs one sweep per tick across scaled-out instances) and no queue job runner (Durable Functions run the jobs). The host owns the listener, so no address or port is set.
    /// </summary>
    public static IConfigurationBuilder AddFunctionsWorkerSettings(this IConfigurationManager configuration)
    {
        var settings = new Dictionary<string, string?>
        {
            ["McpGateway:EnableBackgroundHealthChecks"] = "false",
            // Jobs are Durable orchestrations there (the app chooses that engine); no queue runner.
            ["McpGateway:Jobs:EnableBackgroundRunner"] = "false",
        };
        if (string.IsNullOrWhiteSpace(configuration["McpGateway:Store"]))
        {
            settings["McpGateway:Store"] = "tables";
        }
        // The queue-triggered StdioJobDone function reads the reply queue named by the app setting StdioReplyQueueName (the host
        // resolves %StdioReplyQueueName%); the gateway creates that queue, so one setting names it for both.
        if (string.IsNullOrWhiteSpace(configuration["McpGateway:Jobs:ReplyQueueName"]) && configuration[StdioReplyQueueSetting] is { Length: > 0 } reply)
        {
            settings["McpGateway:Jobs:ReplyQueueName"] = reply;
        }
        return configuration.AddInMemoryCollection(settings);
    }

    /// <summary>The Functions app setting naming the queue the stdio host answers on (the <c>StdioJobDone</c> trigger's queue).</summary>
    public const string StdioReplyQueueSetting = "StdioReplyQueueName";

    /// <summary>Chooses <see cref="HostingMode.Worker"/> or <see cref="HostingMode.Drain"/> explicitly.</summary>
    public const string ModeKey = "McpGateway:Mode";

    public static HostingMode Detect(IConfiguration configuration)
    {
        var mode = configuration[ModeKey]?.Trim();
        if (!string.IsNullOrEmpty(mode))
        {
            return mode.ToLowerInvariant() switch
            {
                "worker" => HostingMode.Worker,
                "drain" => HostingMode.Drain,
                "standalone" => HostingMode.Standalone,
                _ => throw new GatewayConfigurationException([$"{ModeKey}='{mode}' is not a mode: use 'worker', 'drain' or leave it unset (standalone). The Functions app is functions/McpGateway.Functions, not a mode of this executable."]),
            };
        }
        return HostingMode.Standalone;
    }

    /// <summary>The settings a mode of this executable implies (worker, drain), layered over everything else; standalone implies none.</summary>
    public static IConfigurationBuilder AddHostingModeSettings(this IConfigurationManager configuration)
    {
        var mode = Detect(configuration);
        return mode is HostingMode.Worker or HostingMode.Drain
            ? configuration.AddInMemoryCollection(WorkerModeSettings(configuration, mode))
            : configuration;
    }

    /// <summary>
    /// Worker and drain: the registry file names the stdio templates this process runs itself and is never written into the shared
    /// registry (a worker reads it as <c>McpGateway:Worker:TemplatesFile</c>; a drain run loads it into a private registry). No health
    /// sweep and no background job runner. A worker listens on all interfaces unless a host is set; a drain run on a loopback port.
    /// </summary>
    private static Dictionary<string, string?> WorkerModeSettings(IConfiguration configuration, HostingMode mode)
    {
        var settings = new Dictionary<string, string?>
        {
            ["McpGateway:EnableBackgroundHealthChecks"] = "false",
            ["McpGateway:Jobs:EnableBackgroundRunner"] = "false",
        };
        if (mode == HostingMode.Drain)
        {
            settings["McpGateway:Host"] = "127.0.0.1";
            settings["McpGateway:Port"] = "0";
        }
        else
        {
            settings["McpGateway:Worker:TemplatesFile"] = configuration["McpGateway:Worker:TemplatesFile"] ?? configuration["McpGateway:RegistryFile"];
            settings["McpGateway:RegistryFile"] = "";
            if (string.IsNullOrWhiteSpace(configuration["McpGateway:Host"]))
            {
                settings["McpGateway:Host"] = "0.0.0.0";
            }
        }
        return settings;
    }
}

/// <summary>The detected <see cref="HostingMode"/>, for services that behave differently by mode.</summary>
public sealed record GatewayHosting(HostingMode Mode);
