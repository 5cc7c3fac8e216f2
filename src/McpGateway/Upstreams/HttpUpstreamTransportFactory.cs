using McpGateway.Registry;
using ModelContextProtocol.Client;

namespace McpGateway.Upstreams;

/// <summary>Streamable HTTP with fallback to legacy SSE, over one shared pooled <see cref="HttpClient"/>.</summary>
internal sealed class HttpUpstreamTransportFactory(UpstreamHttpClient http, ILoggerFactory loggerFactory) : IUpstreamTransportFactory
{
    public string Transport => InstanceTransports.Http;

    public IClientTransport Create(InstanceDefinition instance) => new HttpClientTransport(
        new HttpClientTransportOptions
        {
            Endpoint = new Uri(instance.Endpoint!),
            TransportMode = HttpTransportMode.AutoDetect,
            Name = instance.Key,
        },
        http.Client,
        loggerFactory,
        ownsHttpClient: false);
}

/// <summary>The one <see cref="HttpClient"/> for upstream MCP traffic: pooled keep-alive connections, no overall timeout (SSE streams).</summary>
public sealed class UpstreamHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        UseCookies = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();
}
