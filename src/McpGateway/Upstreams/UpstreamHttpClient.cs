using McpGateway.Security;
using Microsoft.Extensions.Options;

namespace McpGateway.Upstreams;

/// <summary>
/// The one <see cref="HttpClient"/> for upstream MCP traffic: pooled keep-alive connections, no overall timeout (SSE streams).
/// Redirects are not followed (<see cref="UpstreamRedirectRefusal"/>), every connection is checked against the registration
/// address rule when it is opened (<see cref="UpstreamConnectGuard"/>), and a lost MCP session is recognised
/// (<see cref="UpstreamSessionLossDetector"/>).
/// </summary>
public sealed class UpstreamHttpClient : IDisposable
{
    public UpstreamHttpClient(IOptions<RegistrationPolicyOptions> policy)
        : this(new UpstreamConnectGuard(policy.Value.AllowMetadataAddresses))
    {
    }

    internal UpstreamHttpClient(UpstreamConnectGuard guard)
    {
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = (context, cancellationToken) => guard.ConnectAsync(context.DnsEndPoint, cancellationToken),
        };
        Client = new HttpClient(new UpstreamSessionLossDetector { InnerHandler = new UpstreamRedirectRefusal { InnerHandler = sockets } })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
