using System.Text.Json.Nodes;
using McpGateway.Api;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary><c>POST /auth/login</c>, <c>GET /auth/me</c> and the protected resource metadata (RFC 9728).</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Auth");

        group.MapPost("/login", async (HttpContext context, UserAccounts users, GatewayTokens tokens, LoginThrottle throttle,
                AuditTrail audit, DeniedResponses denied, TimeProvider time) =>
            {
                var body = await RequestBody.ReadAsync<LoginRequest>(context.Request, context.RequestAborted);
                if (string.IsNullOrEmpty(body.Username) || string.IsNullOrEmpty(body.Password))
                {
                    throw GatewayException.BadRequest("Missing credentials", "The body needs 'username' and 'password'.");
                }
                var address = context.Connection.RemoteIpAddress?.ToString();
                if (throttle.RetryAfter(body.Username, address) is { } wait)
                {
                    audit.Record(AuditActions.LoginFailed, "denied", body.Username, body.Username, "throttled after repeated failures", context);
                    await denied.TooManyRequestsAsync(context, wait);
                    return Results.Empty;
                }
                var user = await users.VerifyAsync(body.Username, body.Password, context.RequestAborted);
                if (user is null)
                {
                    throttle.Failed(body.Username, address);
                    audit.Record(AuditActions.LoginFailed, "failure", body.Username, body.Username, "wrong user name or password", context);
                    throw new GatewayException(StatusCodes.Status401Unauthorized, "Login failed", "Wrong user name or password.",
                        "https://mcpgateway.dev/errors/http-401");
                }
                throttle.Succeeded(body.Username);
                audit.Record(AuditActions.LoginSucceeded, "success", user.Username, user.Username, null, context);
                var (token, expires) = tokens.Issue(user);
                return Results.Json(new JsonObject
                {
                    ["access_token"] = token,
                    ["token_type"] = "Bearer",
                    ["expires_in"] = (int)(expires - time.GetUtcNow()).TotalSeconds,
                    ["expires_at"] = expires.ToString("O"),
                    ["role"] = user.Role,
                }, ApiJson.Options);
            })
            .AllowAnonymous()
            .WithSummary("Exchange a user name and password for a bearer token (JWT)").Accepts<LoginRequest>("application/json")
            .Produces<JsonObject>();

        group.MapGet("/me", (HttpContext context) =>
            {
                var identity = GatewayIdentity.Of(context.User)!;
                return Results.Json(new JsonObject
                {
                    ["name"] = identity.Name,
                    ["principal"] = identity.PrincipalId,
                    ["role"] = identity.Role,
                    ["kind"] = identity.Kind,
                    ["key_id"] = identity.KeyId,
                    ["templates"] = Array(identity.Templates),
                    ["tools"] = Array(identity.Tools),
                    ["expires_at"] = identity.ExpiresAt?.ToString("O"),
                    ["rate_limit"] = identity.RateLimit,
                }, ApiJson.Options);
            })
            .RequireAuthorization(GatewayPolicies.Authenticated)
            .WithSummary("Who the caller is: name, principal id (what owns its keys, jobs and sessions), role, how it authenticated, its scopes").Produces<JsonObject>();

        app.MapGet(DeniedResponses.ProtectedResourcePath, (HttpContext context, DeniedResponses denied, IOptions<AuthOptions> options) =>
            {
                var baseUrl = denied.BaseUrl(context);
                var entra = options.Value.Entra;
                var metadata = new JsonObject
                {
                    ["resource"] = baseUrl + "/mcp",
                    ["resource_name"] = "McpGateway",
                    ["bearer_methods_supported"] = new JsonArray("header"),
                    ["scopes_supported"] = new JsonArray(entra.Scopes.Select(s => (JsonNode?)s).ToArray()),
                };
                if (entra.IsConfigured)
                {
                    metadata["authorization_servers"] = new JsonArray(entra.Authority!.TrimEnd('/'));
                }
                return Results.Json(metadata, ApiJson.Options);
            })
            .AllowAnonymous().WithTags("Auth")
            .WithSummary("OAuth 2.0 Protected Resource Metadata (RFC 9728) for MCP clients").Produces<JsonObject>();

        return app;
    }

    internal static JsonArray? Array(IReadOnlyList<string>? values)
        => values is null ? null : new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
}
