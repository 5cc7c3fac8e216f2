using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Security;

/// <summary><c>/gateway/keys</c>: admins manage every key; others create, list and revoke their principal's keys of at most their role (<see cref="KeyIssuer.MayManage"/>).</summary>
internal static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/gateway/keys").WithTags("Security").RequireAuthorization(GatewayPolicies.Caller);

        group.MapPost("", async (HttpContext context, KeyIssuer issuer, AuditTrail audit, TimeProvider time) =>
            {
                var body = await RequestBody.ReadAsync<CreateKeyRequest>(context.Request, context.RequestAborted);
                var (record, key) = await issuer.CreateAsync(GatewayIdentity.Of(context.User)!, body, context.RequestAborted);
                audit.Record(AuditActions.KeyCreated, "success", context.User, record.Id, $"owner {record.Owner}, role {record.Role}", context);
                var report = Report(record, time.GetUtcNow());
                report["key"] = key;
                return Results.Json(report, ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithSummary("Create an API key; the key is in this response only").Accepts<CreateKeyRequest>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created);

        group.MapGet("", async (HttpContext context, KeyIssuer issuer, TimeProvider time) =>
            {
                var keys = await issuer.ListAsync(GatewayIdentity.Of(context.User)!, context.RequestAborted);
                var now = time.GetUtcNow();
                return Results.Json(new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode?)Report(k, now)).ToArray()) }, ApiJson.Options);
            })
            .WithSummary("List API keys (admin: all; others: their principal's, of at most their role); never the keys themselves").Produces<JsonObject>();

        group.MapDelete("/{id}", async (string id, HttpContext context, KeyIssuer issuer, AuditTrail audit, TimeProvider time) =>
            {
                var record = await issuer.RevokeAsync(GatewayIdentity.Of(context.User)!, id, context.RequestAborted);
                audit.Record(AuditActions.KeyRevoked, "success", context.User, record.Id, "owner " + record.Owner, context);
                return Results.Json(Report(record, time.GetUtcNow()), ApiJson.Options);
            })
            .WithSummary("Revoke an API key (admin: any; others: as listed; else 404)").Produces<JsonObject>();

        return app;
    }

    private static JsonObject Report(ApiKeyRecord key, DateTimeOffset now) => new()
    {
        ["id"] = key.Id,
        ["prefix"] = key.Prefix,
        ["name"] = key.Name,
        ["owner"] = key.Owner,
        ["role"] = key.Role,
        ["templates"] = AuthEndpoints.Array(key.Templates),
        ["tools"] = AuthEndpoints.Array(key.Tools),
        ["expires_at"] = key.ExpiresAt?.ToString("O"),
        ["created_at"] = key.CreatedAt.ToString("O"),
        ["revoked_at"] = key.RevokedAt?.ToString("O"),
        ["rate_limit"] = key.RateLimit,
        ["status"] = key.RevokedAt is not null ? "revoked" : key.IsActive(now) ? "active" : "expired",
    };
}
