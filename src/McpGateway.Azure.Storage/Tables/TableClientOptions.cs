using Azure.Core;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>Options for <see cref="TableClient"/>: Azure.Core retry/diagnostics/transport plus the Table service version.</summary>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>Table REST versions this client speaks.</summary>
    public enum ServiceVersion
    {
        /// <summary>2019-02-02 (the version Azure.Data.Tables uses).</summary>
        V2019_02_02 = 1,
    }

    public const ServiceVersion LatestVersion = ServiceVersion.V2019_02_02;

    public TableClientOptions(ServiceVersion version = LatestVersion)
    {
        Version = version;
        foreach (string header in new[] { "x-ms-error-code", "x-ms-version", "x-ms-date", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey", "DataServiceVersion", "Prefer", "Preference-Applied" })
        {
            Diagnostics.LoggedHeaderNames.Add(header);
        }
    }

    public ServiceVersion Version { get; }

    /// <summary>Clock used for the <c>x-ms-date</c> header of Shared Key requests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal string VersionString => Version switch
    {
        ServiceVersion.V2019_02_02 => "2019-02-02",
        _ => throw new ArgumentOutOfRangeException(nameof(Version), Version, "Unknown Table service version."),
    };
}
