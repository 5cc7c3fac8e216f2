namespace McpGateway.Streaming.SignalRService;

/// <summary>
/// An Azure SignalR Service connection string: <c>Endpoint=https://{name}.service.signalr.net;AccessKey={key};Version=1.0;</c>,
/// optionally <c>Port=</c>, <c>ClientEndpoint=</c>, <c>ServerEndpoint=</c>, or an identity instead of a key
/// (<c>AuthType=azure</c>, <c>azure.msi[;ClientId=]</c>, <c>azure.app;ClientId=;TenantId=;ClientSecret=</c>). Keys are case-insensitive.
/// </summary>
public sealed class SignalRServiceConnectionString
{
    private SignalRServiceConnectionString(Uri serverEndpoint, Uri clientEndpoint, string audienceBase)
    {
        ServerEndpoint = serverEndpoint;
        ClientEndpoint = clientEndpoint;
        AudienceBase = audienceBase;
    }

    /// <summary>Where REST calls go (scheme, host and port), ending in '/'.</summary>
    public Uri ServerEndpoint { get; }
    /// <summary>What clients are redirected to by negotiate, ending in '/'.</summary>
    public Uri ClientEndpoint { get; }
    /// <summary><c>{scheme}://{host}</c> without port: the base of every token audience, as the service's SDK computes it.</summary>
    public string AudienceBase { get; }
    public string? AccessKey { get; private init; }
    /// <summary><c>azure</c>, <c>azure.msi</c> or <c>azure.app</c> when an Entra ID identity replaces the access key.</summary>
    public string? AuthType { get; private init; }
    public string? ClientId { get; private init; }
    public string? TenantId { get; private init; }
    public string? ClientSecret { get; private init; }

    public static SignalRServiceConnectionString Parse(string connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw Invalid($"'{part}' is not a key=value pair");
            }
            values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        if (!values.TryGetValue("Endpoint", out var endpointText) || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("https" or "http"))
        {
            throw Invalid("'Endpoint=' must be an absolute http(s) URL such as https://<name>.service.signalr.net");
        }
        if (values.TryGetValue("Version", out var version) && !version.StartsWith("1.", StringComparison.Ordinal))
        {
            throw Invalid($"'Version={version}' is not supported (1.x is)");
        }
        int? port = null;
        if (values.TryGetValue("Port", out var portText))
        {
            port = int.TryParse(portText, out var p) && p is > 0 and < 65536 ? p : throw Invalid("'Port=' must be a TCP port number");
        }
        var server = WithPort(values.TryGetValue("ServerEndpoint", out var s) ? Absolute(s, "ServerEndpoint") : endpoint, port);
        var client = WithPort(values.TryGetValue("ClientEndpoint", out var c) ? Absolute(c, "ClientEndpoint") : endpoint, port);
        values.TryGetValue("AccessKey", out var accessKey);
        values.TryGetValue("AuthType", out var authType);
        if (string.IsNullOrEmpty(accessKey) && string.IsNullOrEmpty(authType))
        {
            throw Invalid("it needs 'AccessKey=' or an identity ('AuthType=azure', 'azure.msi' or 'azure.app')");
        }
        if (!string.IsNullOrEmpty(authType) && authType is not ("azure" or "azure.msi" or "azure.app" or "aad"))
        {
            throw Invalid($"'AuthType={authType}' is not one of azure, azure.msi, azure.app");
        }
        return new SignalRServiceConnectionString(server, client, $"{endpoint.Scheme}://{endpoint.Host}")
        {
            AccessKey = string.IsNullOrEmpty(accessKey) ? null : accessKey,
            AuthType = string.IsNullOrEmpty(authType) ? null : authType,
            ClientId = values.GetValueOrDefault("ClientId"),
            TenantId = values.GetValueOrDefault("TenantId"),
            ClientSecret = values.GetValueOrDefault("ClientSecret"),
        };
    }

    private static Uri Absolute(string text, string key)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw Invalid($"'{key}=' must be an absolute URL");

    private static Uri WithPort(Uri uri, int? port)
        => new UriBuilder(uri.Scheme, uri.Host, port ?? uri.Port, "/").Uri;

    // The message never repeats the connection string: it holds the key.
    private static FormatException Invalid(string why)
        => new($"The Azure SignalR Service connection string (Azure:SignalR:ConnectionString or AzureSignalRConnectionString) is invalid: {why}.");
}
