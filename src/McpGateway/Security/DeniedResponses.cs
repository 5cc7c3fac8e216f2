using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Mcp;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// 401, 403 and 429 answers: JSON-RPC error bodies on the MCP endpoints (codes from <see cref="McpErrors"/>), problem+json
/// elsewhere. A 401 always carries <c>WWW-Authenticate: Bearer resource_metadata="..."</c> (the MCP authorization spec's
/// pointer to the protected resource metadata).
/// </summary>
public sealed class DeniedResponses(IOptions<AuthOptions> options)
{
    public const string ProtectedResourcePath = "/.well-known/oauth-protected-resource";

    public string BaseUrl(HttpContext context)
        => options.Value.ResourceUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";

    public Task UnauthorizedAsync(HttpContext context, string? failure)
    {
        var header = $"Bearer resource_metadata=\"{BaseUrl(context)}{ProtectedResourcePath}\"";
        if (failure is not null)
        {
            header += ", error=\"invalid_token\"";
        }
        context.Response.Headers.WWWAuthenticate = header;
        var detail = failure ?? "Send an API key in 'X-API-Key' or a token in 'Authorization: Bearer'.";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail, McpErrors.Unauthorized);
    }

    public Task ForbiddenAsync(HttpContext context, string detail)
        => WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", detail, McpErrors.Forbidden);

    public Task TooManyRequestsAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"The rate limit of this caller is exhausted; retry in {seconds} s.", McpErrors.RateLimited);
    }

    private static Task WriteAsync(HttpContext context, int status, string title, string detail, int rpcCode)
    {
        if (!McpPaths.IsMcpEndpoint(context.Request.Path))
        {
            return GatewayProblems.WriteAsync(context, GatewayProblems.ForStatus(context, status, title, detail));
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject { ["code"] = rpcCode, ["message"] = title + ": " + detail },
        };
        return context.Response.WriteAsync(body.ToJsonString(ApiJson.Options), context.RequestAborted);
    }
}
