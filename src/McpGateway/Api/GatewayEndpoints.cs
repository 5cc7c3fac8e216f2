using System.Text.Json.Nodes;
using McpGateway.Diagnostics;
using McpGateway.Health;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Security;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Api;

/// <summary><c>/gateway/...</c>: health, stats, registry and instance management.</summary>
internal static class GatewayEndpoints
{
    public static RouteGroupBuilder MapGatewayManagement(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/gateway").WithTags("Gateway");

        group.MapGet("/health", (GatewayRegistry registry, GatewayStats stats, TimeProvider time) =>
            {
                var templates = registry.Templates;
                var total = templates.Sum(t => t.Instances.Count);
                var healthy = templates.Sum(t => t.Instances.Count(i => i.Health.IsRoutable));
                var degraded = templates.Any(t => t.Instances.Count > 0 && t.Instances.All(i => !i.Health.IsRoutable));
                return Results.Json(new JsonObject
                {
                    ["status"] = degraded ? "degraded" : "healthy",
                    ["version"] = GatewayInfo.Version,
                    ["uptime_seconds"] = Math.Round((time.GetUtcNow() - stats.Started).TotalSeconds, 1),
                    ["templates"] = templates.Count,
                    ["total_instances"] = total,
                    ["healthy_instances"] = healthy,
                }, ApiJson.Options);
            })
            .AllowAnonymous().WithSummary("Gateway health").Produces<JsonObject>();

        group.MapGet("/stats", (HttpContext context, GatewayRegistry registry, GatewayStats stats, HealthSweep sweep, UpstreamConnections connections,
                Pool.StdioProcessPools pools, IOptions<GatewayOptions> options, TimeProvider time, UpstreamAuthorization authorization) =>
                Results.Json(StatsReport.Build(registry, stats, sweep, connections, pools, options.Value, time,
                    template => authorization.CanUseTemplate(context.User, template)), ApiJson.Options))
            .WithSummary("Request, latency, load and health-checker statistics").Produces<JsonObject>();

        group.MapGet("/registry", (GatewayRegistry registry) => Results.Json(RegistryReport.Build(registry), ApiJson.Options))
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithSummary("Every template with its settings, instances and health (env values, endpoint user-info and query values, secret-looking args redacted)").Produces<JsonObject>();

        group.MapPost("/register", async (HttpContext context, GatewayRegistry registry, UpstreamAddressPolicy policy, AuditTrail audit) =>
            {
                var body = await RequestBody.ReadAsync<InstanceRegistration>(context.Request, context.RequestAborted);
                var requested = body.ToDefinition();
                try
                {
                    await policy.CheckAsync(requested, context.RequestAborted);
                }
                catch (GatewayException e)
                {
                    audit.Record(AuditActions.RegistrationRefused, "denied", context.User, requested.Key, e.Message, context);
                    throw;
                }
                var definition = await registry.RegisterAsync(requested, body.LoadBalancer, context.RequestAborted);
                audit.Record(AuditActions.InstanceRegistered, "success", context.User, definition.Key, definition.Transport, context);
                var registered = registry.Find(definition.Template)?.Find(definition.Id);
                return Results.Json(new JsonObject
                {
                    ["registered"] = true,
                    ["template"] = definition.Template,
                    ["instance"] = RegistryReport.Instance(definition, registered?.Health ?? new InstanceHealth()),
                }, ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithSummary("Register one instance (HTTP endpoint or stdio command)").Accepts<InstanceRegistration>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created);

        group.MapDelete("/deregister/{template}/{instance_id}", async (string template, string instance_id, HttpContext context, GatewayRegistry registry, AuditTrail audit) =>
            {
                await registry.DeregisterAsync(template, instance_id, context.RequestAborted);
                audit.Record(AuditActions.InstanceDeregistered, "success", context.User, template + "/" + instance_id, null, context);
                return Results.Json(new JsonObject { ["deregistered"] = true, ["template"] = template, ["instance_id"] = instance_id }, ApiJson.Options);
            })
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithSummary("Remove an instance (its connection or process is closed)").Produces<JsonObject>();

        return group;
    }
}
