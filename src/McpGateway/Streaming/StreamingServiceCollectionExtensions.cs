using McpGateway.Hosting;
using McpGateway.Jobs;
using McpGateway.Streaming.SignalRService;
using Microsoft.Extensions.Options;

namespace McpGateway.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>Configuration keys of the Azure SignalR Service connection string, in order of precedence.</summary>
    public static readonly string[] AzureSignalRKeys = ["Azure:SignalR:ConnectionString", "AzureSignalRConnectionString"];

    /// <summary>
    /// The streaming endpoints and the SignalR side of job events. The one place that chooses between the in-process hub and
    /// Azure SignalR Service: the service when a connection string is configured (see <see cref="AzureSignalRKeys"/>).
    /// </summary>
    public static IServiceCollection AddGatewayStreaming(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StreamingOptions>().Bind(configuration.GetSection(StreamingOptions.Section))
            .Validate(o => o.KeepAliveSeconds is > 0 and < 240, "McpGateway:Streaming:KeepAliveSeconds must be between 1 and 239 (the Functions proxy cuts idle streams at 240 s).")
            .Validate(o => o.MaxCallsPerSocket > 0, "McpGateway:Streaming:MaxCallsPerSocket must be 1 or more.")
            .Validate(o => o.MaxMessageBytes >= 1024, "McpGateway:Streaming:MaxMessageBytes must be 1024 or more.")
            .Validate(o => o.ClientTokenMinutes is > 0 and <= 1440, "McpGateway:Streaming:ClientTokenMinutes must be between 1 and 1440.")
            .ValidateOnStart();
        services.AddSingleton<StreamingStats>();
        services.AddSingleton<ToolCallStreamer>();
        services.AddSingleton<SseToolStream>();
        services.AddSingleton<ToolCatalog>();
        services.AddSingleton<JobSubscriptionGuard>();

        var connectionString = AzureSignalRConnectionString(configuration);
        if (connectionString is null)
        {
            services.AddSignalR();
            services.AddSingleton<HubJobMembers>();
            services.AddSingleton<IJobEventSink, HubJobEventSink>();
            services.AddSingleton<IJobSubscriptions, HubJobSubscriptions>();
            return services;
        }

        var connection = SignalRServiceConnectionString.Parse(connectionString);
        services.AddSingleton(connection);
        services.AddSingleton(sp => new SignalRServiceClient(connection,
            connection.AccessKey is null ? sp.GetService<global::Azure.Core.TokenCredential>() ?? SignalRServiceCredentials.Create(connection) : null,
            new SignalRServiceClientOptions { ClientTokenLifetime = TimeSpan.FromMinutes(sp.GetRequiredService<IOptions<StreamingOptions>>().Value.ClientTokenMinutes) },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignalRServiceJobEventSink>();
        services.AddSingleton<IJobEventSink>(sp => sp.GetRequiredService<SignalRServiceJobEventSink>());
        services.AddGatewayHostedService<SignalRServiceJobEventSink>();
        services.AddSingleton<IJobSubscriptions, SignalRServiceJobSubscriptions>();
        return services;
    }

    public static string? AzureSignalRConnectionString(IConfiguration configuration)
        => AzureSignalRKeys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
