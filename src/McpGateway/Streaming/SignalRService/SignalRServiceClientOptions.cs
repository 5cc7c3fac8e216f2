using Azure.Core;

namespace McpGateway.Streaming.SignalRService;

/// <summary>Retry, timeout and diagnostics settings of the REST client (Azure.Core <see cref="ClientOptions"/>).</summary>
public sealed class SignalRServiceClientOptions : ClientOptions
{
    /// <summary>The data-plane REST API version the client speaks.</summary>
    public const string ApiVersion = "2022-06-01";

    /// <summary>Lifetime of the token signed for each REST request (a fresh one per try).</summary>
    public TimeSpan RestTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of client tokens minted by negotiate (the service's SDK uses one hour).</summary>
    public TimeSpan ClientTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
