using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace McpGateway.Client;

public sealed partial class GatewayClient
{
    /// <summary>
    /// An official MCP SDK <see cref="McpClient"/> connected through the gateway's MCP endpoint: <c>/mcp/{template}</c> for one
    /// template, or <c>/mcp</c> (every template the caller may use, tools named <c>template__tool</c>) when
    /// <paramref name="template"/> is null. Code written for the MCP SDK works unchanged; the gateway picks the instance.
    /// The client's credentials go with every request; the next gateway URL is tried when one cannot be reached.
    /// </summary>
    /// <param name="template">The template, or null for the aggregate endpoint.</param>
    /// <param name="clientOptions">MCP client options (name, capabilities, handlers), if any.</param>
    /// <param name="loggerFactory">Logging for the SDK, if any.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>An initialized client; dispose it to end the session.</returns>
    /// <exception cref="GatewayUnavailableException">No gateway could be reached.</exception>
    /// <exception cref="GatewayException">401 or 403: the credentials were refused.</exception>
    public async Task<McpClient> ConnectMcpAsync(string? template = null, McpClientOptions? clientOptions = null, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        Exception? last = null;
        var start = Volatile.Read(ref _current);
        var tried = new List<Uri>(_urls.Length);
        for (var i = 0; i < _urls.Length; i++)
        {
            var index = (start + i) % _urls.Length;
            tried.Add(_urls[index]);
            var transport = new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = McpEndpoint(_urls[index], template),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = AuthHeaders(),
                Name = template is null ? "McpGateway" : $"McpGateway/{template}",
            }, _http, loggerFactory, ownsHttpClient: false);
            try
            {
                var client = await McpClient.CreateAsync(transport, clientOptions, loggerFactory, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _current, index);
                return client;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unreachable(e))
            {
                last = e;
            }
            catch (Exception e) when (Refused(e) is { } status)
            {
                throw new GatewayException((int)status, status == System.Net.HttpStatusCode.Forbidden ? "Forbidden" : "Unauthorized",
                    $"The gateway refused the MCP connection ({(int)status}): check the API key or token.", null);
            }
        }
        throw new GatewayUnavailableException(tried, last);
    }

    /// <summary>The MCP endpoint of a gateway: <c>{url}/mcp/{template}</c>, or <c>{url}/mcp</c> without a template.</summary>
    /// <param name="gatewayUrl">The gateway's base URL.</param>
    /// <param name="template">The template, or null for the aggregate endpoint.</param>
    public static Uri McpEndpoint(Uri gatewayUrl, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(gatewayUrl);
        return new Uri(Normalize(gatewayUrl), template is null ? "mcp" : "mcp/" + Escape(template));
    }

    private Dictionary<string, string> AuthHeaders()
    {
        var headers = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(ApiKey))
        {
            headers["X-API-Key"] = ApiKey;
        }
        if (!string.IsNullOrEmpty(Token))
        {
            headers["Authorization"] = "Bearer " + Token;
        }
        return headers;
    }

    private static System.Net.HttpStatusCode? Refused(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden } h)
            {
                return h.StatusCode;
            }
        }
        return null;
    }

    private static bool Unreachable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException h && NotSent(h))
            {
                return true;
            }
        }
        return false;
    }
}
