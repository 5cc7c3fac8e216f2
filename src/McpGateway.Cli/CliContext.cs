using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Client;
using Spectre.Console;

namespace McpGateway.Cli;

/// <summary>One invocation: where the gateway is, the credentials, and how to write output.</summary>
internal sealed class CliContext : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private GatewayClient? _client;

    public CliContext(CliEnvironment environment, GlobalOptions options, ParseResult parse)
    {
        Environment = environment;
        Json = parse.GetValue(options.Json);
        Store = CredentialStore.For(environment);
        Console = CreateConsole(environment.Out, environment.OutputIsTerminal);
        ErrorConsole = CreateConsole(environment.Error, environment.OutputIsTerminal);
        FlagUrls = parse.GetValue(options.Url);
        FlagApiKey = parse.GetValue(options.ApiKey);
        FlagToken = parse.GetValue(options.Token);
    }

    public CliEnvironment Environment { get; }
    public bool Json { get; }
    public CredentialStore Store { get; }
    public IAnsiConsole Console { get; }
    public IAnsiConsole ErrorConsole { get; }
    public TextWriter Out => Environment.Out;
    private string[]? FlagUrls { get; }
    private string? FlagApiKey { get; }
    private string? FlagToken { get; }

    /// <summary>Whether output goes to a terminal that can show a live progress bar.</summary>
    public bool Interactive => Environment.OutputIsTerminal && !Json;

    /// <summary>Gateway URLs: <c>--url</c>, then <c>MCPGW_URL</c>, then the last login's gateway, then the default.</summary>
    public IReadOnlyList<Uri> Urls()
    {
        var text = FlagUrls is { Length: > 0 } ? string.Join(',', FlagUrls) : Environment.Variables("MCPGW_URL");
        if (string.IsNullOrWhiteSpace(text))
        {
            text = Store.Load().Current ?? GatewayClient.DefaultUrl.ToString();
        }
        var urls = new List<Uri>();
        foreach (var part in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageException($"'{part}' is not a gateway URL: use e.g. --url http://127.0.0.1:8080");
            }
            urls.Add(Key(url));
        }
        return urls;
    }

    /// <summary>The canonical form of a gateway URL (trailing slash), used as the key of stored logins.</summary>
    public static Uri Key(Uri url) => url.ToString().EndsWith('/') ? url : new Uri(url + "/");

    public GatewayClient Client => _client ??= CreateClient();

    private GatewayClient CreateClient()
    {
        var options = new GatewayClientOptions();
        foreach (var url in Urls())
        {
            options.Urls.Add(url);
        }
        options.ApiKey = FlagApiKey ?? Nonempty(Environment.Variables("MCPGW_API_KEY"));
        options.Token = FlagToken ?? Nonempty(Environment.Variables("MCPGW_TOKEN"));
        if (options.ApiKey is null && options.Token is null
            && Store.Load().Gateways.TryGetValue(options.Urls[0].ToString(), out var login)
            && (login.ExpiresAt is null || login.ExpiresAt > Environment.Time.GetUtcNow()))
        {
            options.Token = login.Token;
        }
        return new GatewayClient(options, Environment.HttpClient);
    }

    private static string? Nonempty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void WriteJson(JsonNode? node) => Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    public void WriteJson<T>(T value, JsonSerializerOptions? options = null)
        => Out.WriteLine(JsonSerializer.Serialize(value, new JsonSerializerOptions(options ?? JsonSerializerOptions.Default) { WriteIndented = true }));

    /// <summary>A line for people (not in --json mode).</summary>
    public void Say(string markup)
    {
        if (!Json)
        {
            Console.MarkupLine(markup);
        }
    }

    public static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn($"[bold]{Markup.Escape(column)}[/]"));
        }
        return table;
    }

    public static string Cell(object? value) => Markup.Escape(value switch
    {
        null => "",
        JsonNode n when n.GetValueKind() == JsonValueKind.String => n.GetValue<string>(),
        JsonNode n => n.ToJsonString(),
        double d => d.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    });

    public static string StatusMarkup(string? status) => status switch
    {
        "healthy" or "succeeded" or "active" or "success" => $"[green]{Markup.Escape(status)}[/]",
        "unhealthy" or "failed" or "interrupted" or "revoked" or "failure" or "denied" => $"[red]{Markup.Escape(status)}[/]",
        "degraded" or "cancelled" or "expired" or "unknown" or "running" or "queued" => $"[yellow]{Markup.Escape(status)}[/]",
        null => "",
        _ => Markup.Escape(status),
    };

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            console.Profile.Width = 240;
        }
        return console;
    }

    public void Dispose() => _client?.Dispose();
}
