namespace McpGateway.Streaming;

/// <summary>The names clients see: the hub path, the client method, and the group names (the same in-process and in Azure SignalR Service).</summary>
public static class StreamingNames
{
    public const string HubPath = "/hubs/progress";
    /// <summary>The hub name in Azure SignalR Service (lowercase, as the service and its SDK use it).</summary>
    public const string HubName = "progress";
    /// <summary>The client method every job event arrives on: <c>jobEvent({jobId, type, data})</c>.</summary>
    public const string JobEventMethod = "jobEvent";

    public static string JobGroup(string jobId) => "job:" + jobId;

    public static string UserGroup(string user) => "user:" + user;
}
