using McpGateway.Api;
using Microsoft.Extensions.DependencyInjection.Extensions;
using McpGateway.Diagnostics;
using McpGateway.Health;
using McpGateway.Jobs;
using McpGateway.LoadBalancing;
using McpGateway.Pool;
using McpGateway.Worker;
using McpGateway.Mcp;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Streaming;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>Registers the gateway: options (validated now, so a bad setting stops start-up), registry, routing, health, upstreams, API.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration, out var policies);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.AddGatewayServices(options, policies, HostingModes.Detect(builder.Configuration));
        return builder;
    }

    /// <summary>
    /// Registers the gateway in a host whose HTTP server is not the gateway's own (the isolated-worker Functions app: the
    /// Functions host owns the listener and hands requests to <see cref="GatewayRequestPipeline"/>). Same services, same
    /// validation as <see cref="AddGateway(WebApplicationBuilder)"/>; <paramref name="mode"/> is the host's choice, not detected.
    /// </summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder, HostingMode mode)
    {
        var options = ReadOptions(builder.Configuration, out var policies);
        builder.AddGatewayServices(options, policies, mode);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<GatewayRequestPipeline>();
        return builder;
    }

    private static GatewayOptions ReadOptions(IConfiguration configuration, out LoadBalancingPolicies policies)
    {
        policies = LoadBalancingPolicies.CreateDefault();
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var validation = new GatewayOptionsValidator(policies).Validate(null, options);
        if (validation.Failed)
        {
            throw new GatewayConfigurationException(validation.Failures);
        }
        return options;
    }

    private static void AddGatewayServices(this IHostApplicationBuilder builder, GatewayOptions options, LoadBalancingPolicies policies, HostingMode mode)
    {
        var services = builder.Services;
        services.AddSingleton(new GatewayHosting(mode));
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(policies);

        services.AddGatewayStore(options, builder.Configuration);
        services.AddSingleton<StartupGate>();
        services.AddSingleton<GatewayRegistry>();
        services.AddSingleton<RegistryFileLoader>();
        services.AddGatewayHostedService<GatewayStartup>();
        services.AddGatewayHostedService<RegistryRefresher>();

        services.AddSingleton<UpstreamHttpClient>();
        services.AddSingleton<IUpstreamTransportFactory, HttpUpstreamTransportFactory>();
        services.AddSingleton<IUpstreamTransportFactory, StdioUpstreamTransportFactory>();
        services.AddSingleton<UpstreamConnections>();
        services.AddStdioPools(builder.Configuration);
        services.AddWorkerModes(builder.Configuration, mode);

        services.AddSingleton<HealthUpdater>();
        services.AddSingleton<HealthSweep>();
        services.AddGatewayHostedService<ActiveHealthChecker>();

        services.AddSingleton<ToolAnnotations>();
        services.AddSingleton<CallRouter>();
        services.AddSingleton<GatewayStats>();
        services.AddSingleton<GatewayTelemetry>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = GatewayProblems.Customize);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        // Problem details are written with the framework's JSON options: the API's escaping, so details read as written.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = ApiJson.Options.Encoder);
        services.AddGatewayJobs(builder.Configuration);
        services.AddGatewayStreaming(builder.Configuration);
        services.AddGatewayOpenApi();
        services.AddMcpFrontDoor(builder.Configuration);
        builder.AddGatewaySecurity(options, mode);
    }

    private static IServiceCollection AddGatewayJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section))
            .Validate(o => o.MaxConcurrentJobs > 0, "McpGateway:Jobs:MaxConcurrentJobs must be 1 or more.")
            .Validate(o => o.VisibilityTimeoutSeconds > 0, "McpGateway:Jobs:VisibilityTimeoutSeconds must be a positive number of seconds.")
            .Validate(o => o.MaxDequeueCount > 0, "McpGateway:Jobs:MaxDequeueCount must be 1 or more.")
            .Validate(o => o.SseKeepAliveSeconds is > 0 and < 240, "McpGateway:Jobs:SseKeepAliveSeconds must be between 1 and 239 (the Functions proxy cuts idle streams at 240 s).")
            .Validate(o => string.IsNullOrEmpty(o.StdioQueueName) || o.StdioQueueName != o.QueueName,
                "McpGateway:Jobs:StdioQueueName must differ from McpGateway:Jobs:QueueName: the stdio queue holds the jobs this process does not run.")
            .ValidateOnStart();
        // The job store and queue are registered with the registry store (AddGatewayStore): one choice for all three.
        services.AddSingleton<JobEventHub>();
        services.AddSingleton<IJobEventSink>(sp => sp.GetRequiredService<JobEventHub>());
        services.AddSingleton<IJobEventSink, ReplyQueueJobEventSink>();
        services.AddSingleton<JobNotifier>();
        services.AddSingleton<ActiveJobs>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobExecution>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobDelivery>();
        services.AddSingleton<JobRouting>();
        services.AddSingleton<IStartupTask>(sp => sp.GetRequiredService<JobRouting>());
        services.AddSingleton<JobService>();
        services.TryAddSingleton<IJobEngine, QueueJobEngine>();
        services.AddSingleton<Api.JobEventStream>();
        services.AddGatewayHostedService<JobWorker>();
        return services;
    }
}
