using Microsoft.DurableTask.Client;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// The Durable client of this worker. In the isolated worker a <see cref="DurableTaskClient"/> comes only from a
/// <c>[DurableClient]</c> binding (it carries the host's endpoint and task hub), so the HTTP function hands the one it receives to
/// this holder before the gateway's pipeline runs; the binding's provider caches one client per hub, so it is the same object each time.
/// </summary>
public sealed class DurableClients
{
    private DurableTaskClient? _client;

    public void Use(DurableTaskClient client) => Volatile.Write(ref _client, client);

    public DurableTaskClient Current => Volatile.Read(ref _client)
        ?? throw new InvalidOperationException("No Durable client yet: it comes with the first HTTP invocation (GatewayHttp).");
}
