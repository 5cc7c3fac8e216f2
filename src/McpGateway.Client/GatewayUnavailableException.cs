namespace McpGateway.Client;

/// <summary>No gateway could be reached: every URL refused the connection, did not resolve, or (for calls safe to repeat) timed out.</summary>
public sealed class GatewayUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="urls">The gateway URLs that were tried, in order.</param>
    /// <param name="innerException">The last failure.</param>
    public GatewayUnavailableException(IReadOnlyList<Uri> urls, Exception? innerException)
        : base($"Cannot reach {string.Join(", ", urls.Select(u => u.ToString().TrimEnd('/')))}: is the gateway running?", innerException)
    {
        Urls = urls;
    }

    /// <summary>The gateway URLs that were tried, in order.</summary>
    public IReadOnlyList<Uri> Urls { get; }
}
