using McpGateway.Registry;
using ModelContextProtocol.Client;

namespace McpGateway.Upstreams;

/// <summary>Starts the instance's command as a child process speaking MCP over stdin/stdout (arguments passed as a list, never through a shell).</summary>
internal sealed class StdioUpstreamTransportFactory(ILoggerFactory loggerFactory) : IUpstreamTransportFactory
{
    public string Transport => InstanceTransports.Stdio;

    public IClientTransport Create(InstanceDefinition instance) => new StdioClientTransport(
        new StdioClientTransportOptions
        {
            Command = instance.Command!,
            Arguments = instance.Args?.ToList() ?? [],
            EnvironmentVariables = instance.Env?.ToDictionary(e => e.Key, e => (string?)e.Value),
            WorkingDirectory = instance.WorkingDir,
            Name = instance.Key,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        },
        loggerFactory);
}
