using Spectre.Console;

namespace McpGateway.Cli;

/// <summary>Reads a password: the first line of stdin with <c>--password-stdin</c>, else a hidden prompt on a terminal.</summary>
internal static class Passwords
{
    public static string Read(CliContext context, bool fromStdin, string? given, string prompt, bool confirm = false)
    {
        if (given is not null)
        {
            return given;
        }
        if (fromStdin)
        {
            var line = context.Environment.In.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                throw new UsageException("--password-stdin: standard input is empty; pipe the password in, e.g. `printf '%s\\n' \"$PASSWORD\" | mcpgw ...`.");
            }
            return line.TrimEnd('\r');
        }
        if (!context.Environment.InputIsTerminal)
        {
            throw new UsageException("No terminal to ask for the password: pass it on standard input with --password-stdin.");
        }
        var password = context.ErrorConsole.Prompt(new TextPrompt<string>(prompt).Secret());
        if (confirm && context.ErrorConsole.Prompt(new TextPrompt<string>("Repeat it:").Secret()) != password)
        {
            throw new UsageException("The passwords differ.");
        }
        return password;
    }
}
