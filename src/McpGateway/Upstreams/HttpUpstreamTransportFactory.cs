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
