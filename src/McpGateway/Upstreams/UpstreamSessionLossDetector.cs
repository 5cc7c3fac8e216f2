using System.Net;

namespace McpGateway.Upstreams;

/// <summary>
/// Recognises a lost upstream session at the HTTP layer, where the status is known: a request that carried
/// <c>Mcp-Session-Id</c> answered 404 (what the MCP spec prescribes) or 400 with a body about the session id (what e.g. the
/// TypeScript SDK's example servers send: "Bad Request: No valid session ID provided"). Raises
/// <see cref="UpstreamSessionLostException"/> instead of handing the answer to the MCP client, which would surface the 400 as an
/// ordinary JSON-RPC error and keep using the dead session.
/// </summary>
internal sealed class UpstreamSessionLossDetector : DelegatingHandler
{
    private const string SessionHeader = "Mcp-Session-Id";
    private const long MaxInspectedBody = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest) || !request.Headers.Contains(SessionHeader))
        {
            return response;
        }
        if (response.StatusCode == HttpStatusCode.BadRequest && !await SaysSessionAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return response; // some other bad request: the MCP client reports it as usual (the body stays readable: it is buffered)
        }
        var status = response.StatusCode;
        response.Dispose();
        throw new UpstreamSessionLostException(status);
    }

    private static async Task<bool> SaysSessionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxInspectedBody)
        {
            return false;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Length <= MaxInspectedBody && body.Contains("session", StringComparison.OrdinalIgnoreCase);
    }
}
