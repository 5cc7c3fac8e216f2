using System.Net;

namespace McpGateway.Upstreams;

/// <summary>
/// The upstream no longer knows the MCP session a request carried (it restarted, or expired the session): it answered 404, or a
/// 400 that says the session id is invalid. The server rejected the request without running it. Raised by
/// <see cref="UpstreamSessionLossDetector"/>; <see cref="UpstreamConnection"/> drops the session and opens a new one.
/// </summary>
public sealed class UpstreamSessionLostException(HttpStatusCode status)
    : HttpRequestException(HttpRequestError.Unknown, $"The upstream no longer knows the gateway's MCP session (HTTP {(int)status}).", statusCode: status);
