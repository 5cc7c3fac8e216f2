namespace McpGateway.Azure.Storage;

/// <summary>
/// The parts of a storage connection string this library uses. Keys are case-insensitive.
/// Supported: <c>UseDevelopmentStorage=true</c> (optionally <c>DevelopmentStorageProxyUri</c>),
/// <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>, <c>AccountKey</c>, <c>EndpointSuffix</c>,
/// <c>TableEndpoint</c>, <c>QueueEndpoint</c>, <c>BlobEndpoint</c>. SAS connection strings are rejected.
/// Parse errors name the key at fault and never echo values.
/// </summary>
public sealed record StorageConnectionString(string AccountName, string AccountKey, Uri TableEndpoint, Uri QueueEndpoint, Uri BlobEndpoint)
{
    /// <summary>Azurite / storage emulator account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite / storage emulator well-known account key (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = segment.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException("The storage connection string has a segment without 'Key=Value'. Expected 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...' or 'UseDevelopmentStorage=true'.");
            }

            parts[segment[..eq].Trim()] = segment[(eq + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out string? dev) && bool.TryParse(dev, out bool useDev) && useDev)
        {
            return Development(parts.GetValueOrDefault("DevelopmentStorageProxyUri"));
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new NotSupportedException("SAS connection strings (SharedAccessSignature=...) are not supported. Use AccountName/AccountKey or identity-based settings.");
        }

        string account = Required(parts, "AccountName");
        string key = Required(parts, "AccountKey");
        string protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
        string suffix = parts.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
        return new StorageConnectionString(
            account,
            key,
            Endpoint(parts, "TableEndpoint", protocol, account, "table", suffix),
            Endpoint(parts, "QueueEndpoint", protocol, account, "queue", suffix),
            Endpoint(parts, "BlobEndpoint", protocol, account, "blob", suffix));
    }

    /// <summary>The Azurite defaults: blob 10000, queue 10001, table 10002 on 127.0.0.1 (or the proxy host).</summary>
    public static StorageConnectionString Development(string? proxyUri = null)
    {
        var host = new Uri(string.IsNullOrEmpty(proxyUri) ? "http://127.0.0.1" : proxyUri);
        Uri At(int port) => new UriBuilder(host.Scheme, host.Host, port, "/" + DevelopmentAccountName).Uri;
        return new StorageConnectionString(DevelopmentAccountName, DevelopmentAccountKey, At(10002), At(10001), At(10000));
    }

    private static string Required(Dictionary<string, string> parts, string key) =>
        parts.TryGetValue(key, out string? value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string has no '{key}'. Expected 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...' or 'UseDevelopmentStorage=true'.");

    private static Uri Endpoint(Dictionary<string, string> parts, string key, string protocol, string account, string service, string suffix)
    {
        if (parts.TryGetValue(key, out string? explicitEndpoint) && explicitEndpoint.Length > 0)
        {
            return Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out Uri? uri)
                ? uri
                : throw new FormatException($"The storage connection string's '{key}' is not an absolute URI.");
        }

        return new Uri($"{protocol}://{account}.{service}.{suffix}");
    }

    // Never print the key.
    public override string ToString() => $"AccountName={AccountName};TableEndpoint={TableEndpoint};QueueEndpoint={QueueEndpoint}";
}
