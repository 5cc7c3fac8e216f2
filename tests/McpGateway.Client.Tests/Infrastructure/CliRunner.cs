using System.Text.Json.Nodes;
using McpGateway.Cli;

namespace McpGateway.Client.Tests.Infrastructure;

/// <summary>Runs <c>mcpgw</c> in this process with its own config folder and environment variables.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner(Uri url, string? apiKey)
    {
        ConfigHome = Path.Combine(Path.GetTempPath(), "mcpgw-cli-tests", Guid.NewGuid().ToString("N"));
        Variables["XDG_CONFIG_HOME"] = ConfigHome;
        Variables["MCPGW_URL"] = url.ToString();
        if (apiKey is not null)
        {
            Variables["MCPGW_API_KEY"] = apiKey;
        }
    }

    public string ConfigHome { get; }

    public Dictionary<string, string> Variables { get; } = [];

    public string CredentialsFile => Path.Combine(ConfigHome, "mcpgw", "credentials.json");

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<CliResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            In = new StringReader(stdin ?? ""),
            Variables = name => Variables.GetValueOrDefault(name),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var code = await CliApp.RunAsync(args, environment, timeout.Token);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(ConfigHome, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonNode Json() => JsonNode.Parse(Output) ?? throw new InvalidOperationException("No JSON output:\n" + this);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
