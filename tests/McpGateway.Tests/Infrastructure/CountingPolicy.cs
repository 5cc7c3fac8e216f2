using Azure.Core;
using Azure.Core.Pipeline;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Counts every request an Azure.Core pipeline sends (each retry counts too).</summary>
public sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
