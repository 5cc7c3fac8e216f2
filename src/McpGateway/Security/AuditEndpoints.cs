using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Security;

/// <summary><c>GET /gateway/audit</c>: admin only; filters <c>since</c>, <c>actor</c>, <c>action</c>; pages with <c>limit</c> and <c>cursor</c>.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gateway/audit", async (DateTimeOffset? since, string? actor, string? action, int? limit, string? cursor,
                IAuditLog log, CancellationToken cancellationToken) =>
            {
                if (limit is < 1 or > 500)
                {
                    throw GatewayException.BadRequest("Invalid limit", "'limit' must be between 1 and 500.");
                }
                var page = await log.QueryAsync(new AuditQuery(since, actor, action, limit ?? 100, cursor), cancellationToken);
                var entries = new JsonArray();
                foreach (var e in page.Entries)
                {
                    entries.Add(new JsonObject
                    {
                        ["id"] = e.Id,
                        ["time"] = e.Time.ToString("O"),
                        ["actor"] = e.Actor,
                        ["action"] = e.Action,
                        ["target"] = e.Target,
                        ["outcome"] = e.Outcome,
                        ["client_address"] = e.ClientAddress,
                        ["detail"] = e.Detail,
                    });
                }
                return Results.Json(new JsonObject { ["entries"] = entries, ["next_cursor"] = page.NextCursor }, ApiJson.Options);
            })
            .RequireAuthorization(GatewayPolicies.Admin).WithTags("Security")
            .WithSummary("Audit log, newest first (admin)").Produces<JsonObject>();
        return app;
    }
}
