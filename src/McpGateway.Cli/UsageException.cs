namespace McpGateway.Cli;

/// <summary>The command line is well-formed but its values are not (exit code 1).</summary>
public sealed class UsageException(string message) : Exception(message);
