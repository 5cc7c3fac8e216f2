using Azure.Core;
using Azure.Core.Pipeline;
using McpGateway.Azure.Storage.Auth;
using McpGateway.Azure.Storage.Queues;
using McpGateway.Azure.Storage.Tables;
using McpGateway.Azure.Storage.Tests.Azurite;

namespace McpGateway.Azure.Storage.Tests;

/// <summary>Shared Key signing runs per try: a retried request carries a new x-ms-date and a matching signature.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineRetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Table_retry_is_re_signed_with_a_fresh_date()
    {
        var probe = new FailFirstTryPolicy();
        var options = new TableClientOptions { TimeProvider = new SteppingClock(), Retry = { Delay = TimeSpan.FromMilliseconds(10) } };
        options.AddPolicy(probe, HttpPipelinePosition.BeforeTransport);
        var key = new StorageSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey);
        var table = new TableClient(azurite.TableEndpoint, Names.Table(), key, options);

        Assert.Equal(204, (await table.CreateIfNotExistsAsync()).Status);
        probe.AssertResigned();
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Queue_retry_is_re_signed_with_a_fresh_date()
    {
        var probe = new FailFirstTryPolicy();
        var options = new QueueClientOptions { TimeProvider = new SteppingClock(), Retry = { Delay = TimeSpan.FromMilliseconds(10) } };
        options.AddPolicy(probe, HttpPipelinePosition.BeforeTransport);
        var key = new StorageSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey);
        var queue = new QueueClient(azurite.QueueEndpoint, Names.Queue(), key, options);

        Assert.Equal(201, (await queue.CreateIfNotExistsAsync()).Status);
        probe.AssertResigned();
        await queue.DeleteAsync();
    }

    /// <summary>Records the signed headers of each try and fails the first one with a transient network error.</summary>
    private sealed class FailFirstTryPolicy : HttpPipelinePolicy
    {
        private readonly List<(string Date, string Authorization)> _tries = [];

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            message.Request.Headers.TryGetValue("x-ms-date", out string? date);
            message.Request.Headers.TryGetValue("Authorization", out string? authorization);
            _tries.Add((date!, authorization!));
            if (_tries.Count == 1)
            {
                throw new IOException("simulated connection reset");
            }

            await ProcessNextAsync(message, pipeline);
        }

        public void AssertResigned()
        {
            Assert.Equal(2, _tries.Count);
            Assert.NotEqual(_tries[0].Date, _tries[1].Date);
            Assert.NotEqual(_tries[0].Authorization, _tries[1].Authorization);
        }
    }

    /// <summary>Real time plus two seconds per reading, so two signatures never share a date.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private int _calls;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddSeconds(2 * Interlocked.Increment(ref _calls));
    }
}
