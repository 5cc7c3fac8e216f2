using System.Text.Json.Nodes;
using McpGateway.Jobs;

namespace McpGateway.Streaming;

/// <summary>The argument of the <c>jobEvent</c> client method: <c>{jobId, type, data}</c>.</summary>
public static class JobEventMessage
{
    public static JsonObject From(JobEvent jobEvent) => new()
    {
        ["jobId"] = jobEvent.JobId,
        ["type"] = jobEvent.Type,
        ["data"] = jobEvent.Data.DeepClone(),
    };
}
