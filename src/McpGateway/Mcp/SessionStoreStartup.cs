using McpGateway.Hosting;

namespace McpGateway.Mcp;

/// <summary>A start-up task (see <see cref="IStartupTask"/>): creates the session store (table or SQLite table) before requests are served.</summary>
internal sealed class SessionStoreStartup(IMcpSessionStore store) : IStartupTask
{
    public Task RunAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);
}
