using System.CommandLine;
using McpGateway.Cli.Commands;

namespace McpGateway.Cli;

/// <summary>The <c>mcpgw</c> command line. <see cref="RunAsync(string[], CliEnvironment, CancellationToken)"/> is <c>Main</c> with its console replaceable.</summary>
public static class CliApp
{
    /// <summary>Runs with this process's console and environment.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliEnvironment.FromProcess());

    /// <summary>Runs one command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = Build(environment);
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // `start` stops the gateway (and the MCP servers it started) on Ctrl+C; give it time.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
        }, cancellationToken);
    }

    /// <summary>The command tree; named <c>mcpgw</c> whatever the executable is called (<c>dotnet McpGateway.Cli.dll</c>, <c>dotnet run</c>).</summary>
    internal static Command Build(CliEnvironment environment)
    {
        var cli = new CliCommands(environment, new GlobalOptions());
        var root = new Command("mcpgw", "Run and operate McpGateway. Exit codes: 0 ok, 1 usage, 2 gateway refused the request (4xx), "
            + "3 upstream or gateway failure (5xx, tool error, job failed), 4 cannot connect, 5 not authenticated or not allowed.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        cli.Options.AddTo(root);
        root.Subcommands.Add(StartCommand.Create(cli));
        root.Subcommands.Add(RegistryCommands.Register(cli));
        root.Subcommands.Add(RegistryCommands.Deregister(cli));
        root.Subcommands.Add(RegistryCommands.Registry(cli));
        root.Subcommands.Add(RegistryCommands.Health(cli));
        root.Subcommands.Add(RegistryCommands.Stats(cli));
        root.Subcommands.Add(ToolCommands.Create(cli));
        root.Subcommands.Add(JobCommands.Create(cli));
        foreach (var command in SecurityCommands.Create(cli))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }
}

/// <summary>Shared by every command: the environment, the global options, and the error handling around each action.</summary>
internal sealed class CliCommands(CliEnvironment environment, GlobalOptions options)
{
    public CliEnvironment Environment { get; } = environment;
    public GlobalOptions Options { get; } = options;

    /// <summary>Sets the command's action: builds the context, runs, and turns failures into exit codes and advice.</summary>
    public void Action(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(Environment, Options, parse);
            try
            {
                return await action(context, parse, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(context, e);
            }
        });
    }
}
