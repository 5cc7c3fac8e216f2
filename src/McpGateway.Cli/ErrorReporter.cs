using System.Text.Json.Nodes;
using McpGateway.Client;

namespace McpGateway.Cli;

/// <summary>Turns a failure into an exit code and a message that says what to do next.</summary>
internal static class ErrorReporter
{
    public static int Report(CliContext context, Exception exception)
    {
        var (code, message) = Describe(context, exception);
        if (context.Json)
        {
            var error = new JsonObject { ["exit_code"] = code, ["message"] = message };
            if (exception is GatewayException { ProblemDetails: { } problem })
            {
                error["problem"] = problem.DeepClone();
            }
            context.Environment.Error.WriteLine(new JsonObject { ["error"] = error }.ToJsonString());
        }
        else
        {
            context.Environment.Error.WriteLine("error: " + message);
        }
        return code;
    }

    public static (int Code, string Message) Describe(CliContext context, Exception exception) => exception switch
    {
        UsageException e => (ExitCodes.Usage, e.Message),
        GatewayUnavailableException e => (ExitCodes.CannotConnect,
            $"cannot reach {string.Join(", ", e.Urls.Select(u => u.ToString().TrimEnd('/')))} — is the gateway running? Start it with `mcpgw start`, or point --url / MCPGW_URL at it."),
        UpstreamException e => (ExitCodes.UpstreamError,
            $"{e.Title} ({e.Status}){Detail(e)}{(e.McpErrorCode is { } c ? $" [MCP error {c}]" : "")}"
            + (e.MayHaveExecuted ? " — the tool may have run: check before calling it again." : " — the tool did not run; it is safe to try again.")),
        GatewayException { Status: 401 } e => (ExitCodes.Auth,
            $"not authenticated{Detail(e)} — log in with `mcpgw login USER`, or pass --api-key / set MCPGW_API_KEY."),
        GatewayException { Status: 403 } e => (ExitCodes.Auth,
            $"not allowed{Detail(e)} — this needs a credential with more rights (an admin key or login, or a key scoped to this template)."),
        GatewayException { Status: 429 } e => (ExitCodes.GatewayError, $"too many requests{Detail(e)} — wait and try again."),
        GatewayException { Status: >= 500 } e => (ExitCodes.UpstreamError, $"{e.Title} ({e.Status}){Detail(e)}"),
        GatewayException e => (ExitCodes.GatewayError, $"{e.Title} ({e.Status}){Detail(e)}{Hint(e)}"),
        TimeoutException e => (ExitCodes.UpstreamError, e.Message),
        HttpRequestException e => (ExitCodes.CannotConnect,
            $"the connection to the gateway failed after the request was sent ({e.Message}); the call may have run — check before repeating it."),
        _ => (ExitCodes.UpstreamError, $"{exception.GetType().Name}: {exception.Message}"),
    };

    private static string Detail(GatewayException e) => string.IsNullOrEmpty(e.Detail) ? "" : ": " + e.Detail;

    private static string Hint(GatewayException e) => e.Status switch
    {
        404 when e.Title.Contains("template", StringComparison.OrdinalIgnoreCase) => " — see `mcpgw registry` for the registered templates.",
        404 when e.Title.Contains("job", StringComparison.OrdinalIgnoreCase) => " — see `mcpgw jobs list`.",
        _ => "",
    };
}
