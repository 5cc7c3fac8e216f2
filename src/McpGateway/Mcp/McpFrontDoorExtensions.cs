using McpGateway.Hosting;
using McpGateway.Mcp.Tasks;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp;

public static class McpFrontDoorExtensions
{
    /// <summary>The MCP front door's services: sessions (the store is registered with the gateway's store), relay, targets, endpoint.</summary>
    public static IServiceCollection AddMcpFrontDoor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpFrontDoorOptions>().Bind(configuration.GetSection(McpFrontDoorOptions.Section))
            .Validate(o => o.SessionIdleSeconds > 0, "McpGateway:Mcp:SessionIdleSeconds must be a positive number of seconds, e.g. 1800.")
            .Validate(o => o.SessionRevalidateMilliseconds >= 0, "McpGateway:Mcp:SessionRevalidateMilliseconds must be 0 or more milliseconds, e.g. 1000.")
            .Validate(o => o.AnswerPollMilliseconds > 0, "McpGateway:Mcp:AnswerPollMilliseconds must be a positive number of milliseconds, e.g. 200.")
            .Validate(o => o.ReapIntervalSeconds > 0, "McpGateway:Mcp:ReapIntervalSeconds must be a positive number of seconds, e.g. 60.")
            .ValidateOnStart();
        services.AddSingleton<ProgressRelay>();
        services.AddSingleton<IUpstreamMessageTap>(sp => sp.GetRequiredService<ProgressRelay>());
        // IMcpSessionStore comes with the gateway's store (Hosting/GatewayStoreServiceCollectionExtensions).
        services.AddSingleton<McpSessions>();
        services.AddSingleton<IStartupTask, SessionStoreStartup>();
        services.AddGatewayHostedService<SessionReaper>();
        services.AddSingleton<OriginGuard>();
        services.AddSingleton<UpstreamForwarder>();
        services.AddSingleton<McpTargets>();
        services.AddMcpTasks(configuration);
        services.AddSingleton<McpDispatcher>();
        services.AddSingleton<McpHttpEndpoint>();
        return services;
    }

    /// <summary><c>/mcp</c> (all templates) and <c>/mcp/{template}</c> (one template) as MCP Streamable HTTP endpoints.</summary>
    public static IEndpointRouteBuilder MapMcpFrontDoor(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mcp").WithTags("MCP (Streamable HTTP)").ExcludeFromDescription();
        group.MapPost("", (HttpContext context, McpHttpEndpoint endpoint) => endpoint.PostAsync(context, null));
        group.MapGet("", (HttpContext context, McpHttpEndpoint endpoint) => endpoint.GetAsync(context, null));
        group.MapDelete("", (HttpContext context, McpHttpEndpoint endpoint) => endpoint.DeleteAsync(context, null));
        group.MapPost("/{template}", (string template, HttpContext context, McpHttpEndpoint endpoint) => endpoint.PostAsync(context, template));
        group.MapGet("/{template}", (string template, HttpContext context, McpHttpEndpoint endpoint) => endpoint.GetAsync(context, template));
        group.MapDelete("/{template}", (string template, HttpContext context, McpHttpEndpoint endpoint) => endpoint.DeleteAsync(context, template));
        return app;
    }
}
