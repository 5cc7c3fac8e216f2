using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EmptyApp;

/// <summary>Never started by the benchmark: it is here so the host loads the Durable extension and starts its task hub.</summary>
public static class NoopOrchestrator
{
    [Function(nameof(NoopOrchestrator))]
    public static Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) => Task.FromResult("ok");
}
