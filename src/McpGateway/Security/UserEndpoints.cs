using System.Text.Json.Nodes;
using McpGateway.Api;

namespace McpGateway.Security;

/// <summary><c>/gateway/users</c>: admin only.</summary>
internal static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/gateway/users").WithTags("Security").RequireAuthorization(GatewayPolicies.Admin);

        group.MapPost("", async (HttpContext context, UserAccounts users, AuditTrail audit) =>
            {
                var body = await RequestBody.ReadAsync<CreateUserRequest>(context.Request, context.RequestAborted);
                var user = await users.CreateAsync(body.Username, body.Password, body.Role, context.RequestAborted);
                audit.Record(AuditActions.UserCreated, "success", context.User, user.Username, "role " + user.Role, context);
                return Results.Json(Report(user), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithSummary("Create a user with a role (admin)").Accepts<CreateUserRequest>("application/json").Produces<JsonObject>(StatusCodes.Status201Created);

        group.MapGet("", async (IPrincipalStore store, CancellationToken cancellationToken) =>
            {
                var users = await store.ListUsersAsync(cancellationToken);
                return Results.Json(new JsonObject { ["users"] = new JsonArray(users.Select(u => (JsonNode?)Report(u)).ToArray()) }, ApiJson.Options);
            })
            .WithSummary("List users (admin)").Produces<JsonObject>();

        group.MapDelete("/{name}", async (string name, HttpContext context, UserAccounts users, AuditTrail audit) =>
            {
                if (string.Equals(GatewayIdentity.Of(context.User)?.Name, name, StringComparison.OrdinalIgnoreCase)
                    && GatewayIdentity.Of(context.User)?.Kind == PrincipalKinds.User)
                {
                    throw GatewayException.Conflict("Cannot delete yourself", "Log in as another admin to delete this user.");
                }
                if (!await users.DeleteAsync(name, context.RequestAborted))
                {
                    throw GatewayException.NotFound("Unknown user", $"No user named '{name}'.");
                }
                audit.Record(AuditActions.UserDeleted, "success", context.User, name, "keys revoked", context);
                return Results.Json(new JsonObject { ["deleted"] = true, ["username"] = UserNames.Normalize(name) }, ApiJson.Options);
            })
            .WithSummary("Delete a user and revoke their keys (admin)").Produces<JsonObject>();

        return app;
    }

    private static JsonObject Report(GatewayUser user) => new()
    {
        ["username"] = user.Username,
        ["role"] = user.Role,
        ["created_at"] = user.CreatedAt.ToString("O"),
    };
}
