using McpGateway.Registry;
using McpGateway.Upstreams;
using ModelContextProtocol.Client;

namespace McpGateway.Pool;

/// <summary>The transport factory of one pooled connection: every (re)connect starts a <see cref="WorkerProcess"/> recorded in <see cref="Slot"/>.</summary>
internal sealed class WorkerTransportFactory(ILoggerFactory loggerFactory, ServerEnvironment environment, IUpstreamMessageTap? tap = null) : IUpstreamTransportFactory
{
    public ProcessSlot Slot { get; } = new();

    public string Transport => InstanceTransports.Stdio;

    public IClientTransport Create(InstanceDefinition instance) => new WorkerProcessTransport(instance, environment, Slot, loggerFactory, tap);
}
