using Azure.Core;
using Azure.Core.Pipeline;

namespace McpGateway.Tests.Infrastructure;

/// <summary>
/// Counts every request an Azure.Core pipeline sends (each retry counts too); with <paramref name="endpoint"/>, only the
/// requests to that service endpoint (e.g. the table service, when the policy is added to every client's options).
/// </summary>
public sealed class CountingPolicy(Uri? endpoint = null) : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (endpoint is null || (message.Request.Uri.Host == endpoint.Host && message.Request.Uri.Port == endpoint.Port))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
