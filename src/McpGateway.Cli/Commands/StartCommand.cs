using System.CommandLine;
using McpGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Cli.Commands;

/// <summary><c>mcpgw start</c>: runs the gateway in this process until Ctrl+C.</summary>
internal static class StartCommand
{
    public static Command Create(CliCommands cli)
    {
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1; MCP_GATEWAY_HOST)" };
        var port = new Option<int?>("--port") { Description = "Port to listen on (default 8080; 0 picks a free one; MCP_GATEWAY_PORT)" };
        var auth = new Option<bool?>("--auth")
        {
            Description = "Authentication on (default) or off: --auth false is accepted only on a loopback host",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var logLevel = new Option<string>("--log-level") { Description = "debug, info, warning, error or critical (default info; LOG_LEVEL)" };
        var registryFile = new Option<string>("--registry-file") { Description = "A JSON registry applied at start (MCP_GATEWAY_REGISTRY_FILE)" };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder of the embedded store (MCP_GATEWAY_DATA_DIR)" };
        var command = new Command("start", "Start the gateway in this process (Ctrl+C stops it)") { host, port, auth, logLevel, registryFile, dataDir };

        cli.Action(command, async (context, parse, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(host) is { } h)
            {
                settings["McpGateway:Host"] = h;
            }
            if (parse.GetValue(port) is { } p)
            {
                settings["McpGateway:Port"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (parse.GetResult(auth) is not null)
            {
                settings["McpGateway:Auth:Enabled"] = (parse.GetValue(auth) ?? true) ? "true" : "false";
            }
            if (parse.GetValue(logLevel) is { } level)
            {
                settings["Logging:LogLevel:Default"] = LogLevel(level);
            }
            if (parse.GetValue(registryFile) is { } file)
            {
                if (!File.Exists(file))
                {
                    throw new UsageException($"The registry file '{file}' does not exist.");
                }
                settings["McpGateway:RegistryFile"] = Path.GetFullPath(file);
            }
            if (parse.GetValue(dataDir) is { } data)
            {
                settings["McpGateway:DataDirectory"] = Path.GetFullPath(data);
            }
            return await RunAsync(context, settings, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, Dictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = GatewayApplication.Build([], settings);
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is GatewayConfigurationException or OptionsValidationException)
        {
            context.Environment.Error.WriteLine(e is OptionsValidationException o ? new GatewayConfigurationException(o.Failures).Message : e.Message);
            return ExitCodes.Usage;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException)
        {
            context.Environment.Error.WriteLine($"error: cannot listen: {e.Message} — is another gateway running? Pick another --port.");
            return ExitCodes.Usage;
        }
        await using (app)
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            context.Environment.Out.WriteLine($"McpGateway {GatewayInfo.Version} listening on {string.Join(", ", addresses)} (Ctrl+C to stop)");
            context.Environment.Out.Flush();
            try
            {
                await app.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
        }
        return ExitCodes.Ok;
    }

    private static string LogLevel(string value) => value.ToLowerInvariant() switch
    {
        "trace" => "Trace",
        "debug" => "Debug",
        "info" or "information" => "Information",
        "warn" or "warning" => "Warning",
        "error" => "Error",
        "critical" or "fatal" => "Critical",
        "none" => "None",
        _ => throw new UsageException($"--log-level '{value}' is not a log level: use one of debug, info, warning, error, critical."),
    };
}
