using McpGateway.Pool;
using McpGateway.Registry;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace McpGateway.Upstreams;

/// <summary>Starts the instance's command as a child process speaking MCP over stdin/stdout (arguments passed as a list, never through a shell).</summary>
internal sealed class StdioUpstreamTransportFactory(IOptions<PoolOptions> poolOptions, ILoggerFactory loggerFactory) : IUpstreamTransportFactory
{
    private readonly ServerEnvironment _environment = new(poolOptions.Value.PassEnvironmentNames);

    public string Transport => InstanceTransports.Stdio;

    public IClientTransport Create(InstanceDefinition instance) => new StdioClientTransport(
        new StdioClientTransportOptions
        {
            Command = instance.Command!,
            Arguments = instance.Args?.ToList() ?? [],
            // Never the gateway's environment: the SDK adds EnvironmentVariables on top of it unless inheriting is off.
            InheritEnvironmentVariables = false,
            EnvironmentVariables = _environment.For(instance).ToDictionary(e => e.Key, e => (string?)e.Value),
            WorkingDirectory = instance.WorkingDir,
            Name = instance.Key,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        },
        loggerFactory);
}
