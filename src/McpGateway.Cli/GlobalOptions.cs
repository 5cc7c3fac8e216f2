using System.CommandLine;

namespace McpGateway.Cli;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string[]> Url { get; } = new("--url")
    {
        Description = "Gateway URL (repeat or comma-separate for failover). Default: MCPGW_URL, the last login's gateway, or http://127.0.0.1:8080",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = "API key (default: MCPGW_API_KEY)",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = "Bearer token (default: MCPGW_TOKEN, else the stored login)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Url);
        root.Options.Add(ApiKey);
        root.Options.Add(Token);
        root.Options.Add(Json);
    }
}
