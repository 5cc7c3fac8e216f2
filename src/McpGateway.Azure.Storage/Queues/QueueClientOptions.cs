using Azure.Core;

namespace McpGateway.Azure.Storage.Queues;

/// <summary>Options for <see cref="QueueClient"/>: Azure.Core retry/diagnostics/transport, service version, message encoding.</summary>
public sealed class QueueClientOptions : ClientOptions
{
    /// <summary>Queue REST versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2021-12-02.</summary>
        V2021_12_02 = 1,
    }

    public const ServiceVersion LatestVersion = ServiceVersion.V2021_12_02;

    public QueueClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version;
        foreach (string header in new[] { "x-ms-error-code", "x-ms-version", "x-ms-date", "x-ms-approximate-messages-count", "x-ms-time-next-visible" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }
    }

    public ServiceVersion Version { get; }

    /// <summary>
    /// How message text is put on the wire. Default <see cref="QueueMessageEncoding.Base64"/>, which is what the
    /// Azure Functions queue trigger expects by default (<c>messageEncoding: base64</c>).
    /// </summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;

    /// <summary>Clock used for the <c>x-ms-date</c> header of Shared Key requests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal string VersionString => Version switch
    {
        ServiceVersion.V2021_12_02 => "2021-12-02",
        _ => throw new ArgumentOutOfRangeException(nameof(Version), Version, "Unknown Queue service version."),
    };
}
