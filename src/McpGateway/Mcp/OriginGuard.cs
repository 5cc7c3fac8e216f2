using System.Net;
using McpGateway.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp;

/// <summary>
/// DNS-rebinding protection of the MCP endpoints (the spec's transport security rule): on a loopback bind, Host must name
/// a loopback host; a browser Origin must be a loopback origin, the gateway's own host or one of
/// <see cref="McpFrontDoorOptions.AllowedOrigins"/>. Anything else gets 403.
/// </summary>
internal sealed class OriginGuard(IOptions<GatewayOptions> gateway, IOptions<McpFrontDoorOptions> options)
{
    private readonly bool _loopbackBind = IsLoopbackName(gateway.Value.Host);

    public string? Reject(HttpRequest request)
    {
        var host = request.Host.Host;
        if (_loopbackBind && !IsLoopbackName(host))
        {
            return $"Forbidden: the Host '{host}' is not a loopback name, and the gateway listens on loopback only.";
        }
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return null;
        }
        if (options.Value.AllowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return "Forbidden: the Origin header is not a URL.";
        }
        if (IsLoopbackName(uri.Host) && (_loopbackBind || IsLoopbackName(host)))
        {
            return null;
        }
        if (!_loopbackBind && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return $"Forbidden: the Origin '{origin}' is not allowed (McpGateway:Mcp:AllowedOrigins).";
    }

    private static bool IsLoopbackName(string host)
    {
        host = host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
