using McpGateway.Registry;
using McpGateway.Upstreams;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Pool;

/// <summary>
/// Starts one <see cref="WorkerProcess"/> per connect and speaks MCP over its stdin/stdout. The pool owns the process this way
/// (its pid for memory checks and tests, its whole tree for reaping), which the SDK's stdio transport does not expose.
/// </summary>
internal sealed class WorkerProcessTransport(InstanceDefinition instance, ServerEnvironment environment, ProcessSlot slot, ILoggerFactory loggerFactory,
    IUpstreamMessageTap? tap = null) : IClientTransport
{
    public string Name => instance.Key;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var process = WorkerProcess.Start(instance, environment);
        try
        {
            ITransport inner = new StdioLineTransport(process.Input, process.Output, loggerFactory.CreateLogger<StdioLineTransport>());
            slot.Set(process);
            ITransport session = new WorkerProcessSession(inner, process, slot);
            return tap is null ? session : new TappedTransport(session, tap);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
