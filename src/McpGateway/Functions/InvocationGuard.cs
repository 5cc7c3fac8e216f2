using System.Net;

namespace McpGateway.Functions;

/// <summary>
/// Invocation endpoints are for the Functions host only. The catch-all HTTP function proxies outside requests to this
/// handler with their original path, so <c>POST /RunJob</c> from the internet would arrive here too: a proxied request
/// carries the proxy's <c>X-Forwarded-*</c> headers, an invocation does not. Invocations also come from loopback and
/// carry <c>X-Azure-Functions-InvocationId</c>. Anything else gets 404, as if the path did not exist.
/// </summary>
internal sealed class InvocationGuard : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Request.Headers;
        var fromHost = http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
            && headers.ContainsKey("X-Azure-Functions-InvocationId")
            && !headers.ContainsKey("X-Forwarded-For")
            && !headers.ContainsKey("X-Forwarded-Host")
            && !headers.ContainsKey("X-Forwarded-Proto");
        return fromHost ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
    }
}
