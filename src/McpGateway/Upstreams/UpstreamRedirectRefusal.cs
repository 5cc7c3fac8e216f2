using System.Net;

namespace McpGateway.Upstreams;

/// <summary>
/// Upstream redirects are never followed (the handler has <c>AllowAutoRedirect = false</c>): a redirect could point the gateway
/// at an address registration would refuse. This turns a 3xx answer into a failure that says so, without the target.
/// </summary>
internal sealed class UpstreamRedirectRefusal : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.Unknown,
                $"The upstream answered with a redirect (HTTP {status}); the gateway does not follow redirects from upstream servers. "
                + "Register the final URL instead.", statusCode: (HttpStatusCode)status);
        }
        return response;
    }
}
