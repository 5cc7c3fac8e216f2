namespace McpGateway.Cli;

/// <summary>What the CLI reads and writes besides its arguments; tests replace all of it.</summary>
public sealed class CliEnvironment
{
    /// <summary>Standard output.</summary>
    public TextWriter Out { get; init; } = Console.Out;
    /// <summary>Standard error.</summary>
    public TextWriter Error { get; init; } = Console.Error;
    /// <summary>Standard input (for <c>--password-stdin</c>).</summary>
    public TextReader In { get; init; } = Console.In;
    /// <summary>Environment variables.</summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;
    /// <summary>Standard output is a terminal: colour, live progress bars.</summary>
    public bool OutputIsTerminal { get; init; }
    /// <summary>Standard input is a terminal: passwords can be prompted for.</summary>
    public bool InputIsTerminal { get; init; }
    /// <summary>An HttpClient to use instead of the CLI's own (tests).</summary>
    public HttpClient? HttpClient { get; init; }
    /// <summary>The clock (for token expiry).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>This process's console and environment.</summary>
    public static CliEnvironment FromProcess() => new()
    {
        OutputIsTerminal = !Console.IsOutputRedirected,
        InputIsTerminal = !Console.IsInputRedirected,
    };
}
