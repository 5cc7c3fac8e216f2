namespace McpGateway.Client;

/// <summary>How a <see cref="GatewayClient"/> reaches and authenticates to the gateway.</summary>
public sealed class GatewayClientOptions
{
    /// <summary>
    /// Gateway base URLs, tried in order: a call moves to the next URL only when it could not be sent at all
    /// (connection refused, name not resolved). Default: <c>http://127.0.0.1:8080</c>.
    /// </summary>
    public IList<Uri> Urls { get; } = [];

    /// <summary>An API key sent as <c>X-API-Key</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A bearer token (the JWT from <c>POST /auth/login</c>, or an external provider's token) sent as <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Time allowed for one request when the client creates its own <see cref="HttpClient"/> (default 100 s). Streams
    /// (<see cref="GatewayClient.WatchJobAsync"/>) are not limited by it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Time allowed to open a connection when the client creates its own <see cref="HttpClient"/> (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
