using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>
/// Builds the <see cref="McpServerOptions"/> of one MCP server instance. The tool objects are created once per
/// process; every server (a stdio process, an HTTP session or one stateless HTTP request) gets fresh options
/// and collections around them.
/// </summary>
public sealed class ServerDefinition
{
    private readonly McpServerTool[] _tools;

    public ServerDefinition(ServerState state, ILoggerFactory loggerFactory)
    {
        State = state;
        LoggerFactory = loggerFactory;
        _tools = [.. CoreTools.Create(state), .. ConformanceTools.Create()];
    }

    public ServerState State { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IReadOnlyList<McpServerTool> Tools => _tools;

    public McpServerOptions CreateOptions()
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "mcpgateway-test-server", Version = "1.0.0" },
            ServerInstructions = $"MCP test server '{State.Id}' for the gateway's tests.",
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = false },
                Resources = new ResourcesCapability { Subscribe = true, ListChanged = false },
                Prompts = new PromptsCapability { ListChanged = false },
                Completions = new CompletionsCapability(),
                Logging = new LoggingCapability(),
            },
            ToolCollection = [.. _tools],
        };
        Resources.Configure(options.Handlers, State);
        Prompts.Configure(options.Handlers);
        Completions.Configure(options.Handlers);
        options.Handlers.SetLoggingLevelHandler = static (_, _) => ValueTask.FromResult(new EmptyResult());
        return options;
    }
}
