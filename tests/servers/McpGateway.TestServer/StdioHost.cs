using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>Serves one MCP session over stdin/stdout; stdout carries nothing but protocol, logs go to stderr.</summary>
public static class StdioHost
{
    public static async Task<int> RunAsync(TestServerOptions options)
    {
        using var loggerFactory = LoggerFactory.Create(b => StderrLogging.Configure(b, options.Verbose));
        var definition = new ServerDefinition(new ServerState(options.Id), loggerFactory);
        var serverOptions = definition.CreateOptions();
        await using var transport = new StdioServerTransport(serverOptions, loggerFactory);
        await using var server = McpServer.Create(transport, serverOptions, loggerFactory, serviceProvider: null);
        await server.RunAsync();
        return 0;
    }
}

/// <summary>Console logging to stderr only (stdout is the stdio protocol channel, and the HTTP readiness line).</summary>
public static class StderrLogging
{
    public static void Configure(ILoggingBuilder builder, bool verbose)
    {
        builder.ClearProviders();
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
    }
}
