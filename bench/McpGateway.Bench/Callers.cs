using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Bench;

/// <summary>tools/call echo straight to the upstream with the official SDK client (the direct path).</summary>
public sealed class DirectMcpCaller(string name, McpClient client, string message, string? expected = null) : ICaller
{
    private readonly IReadOnlyDictionary<string, object?> _arguments = new Dictionary<string, object?> { ["message"] = message };
    private readonly string _expected = expected ?? message;

    public string Name => name;

    public async ValueTask<double> CallAsync(CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync("echo", _arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.IsError == true || result.Content.Count != 1 || result.Content[0] is not TextContentBlock { Text: var text } || text != _expected)
        {
            throw new InvalidOperationException($"{name}: unexpected echo result {JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions)}");
        }
        return double.NaN;
    }
}

/// <summary><c>POST /mcp/{template}/tools/call</c> on the gateway (the gateway path); parses the CallToolResult like a client would.</summary>
public sealed class GatewayRestCaller(string name, HttpClient http, Uri gateway, string template, string message, string? expected = null) : ICaller
{
    private readonly Uri _url = new(gateway, $"/mcp/{template}/tools/call");
    private readonly byte[] _body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { name = "echo", arguments = new { message } }));
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly string _expected = expected ?? message;

    public string Name => name;

    public async ValueTask<double> CallAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = Json;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        }
        using (var doc = JsonDocument.Parse(bytes))
        {
            var root = doc.RootElement;
            if ((root.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True)
                || root.GetProperty("content")[0].GetProperty("text").GetString() != _expected)
            {
                throw new InvalidOperationException($"{name}: unexpected echo result {Encoding.UTF8.GetString(bytes)}");
            }
        }
        return ResponseTime.Parse(response);
    }
}

/// <summary><c>GET /</c> on the gateway: the HTTP hop and middleware with no upstream behind it, as a floor.</summary>
public sealed class GatewayNoopCaller(HttpClient http, Uri gateway) : ICaller
{
    private readonly Uri _url = new(gateway, "/");

    public string Name => "gateway GET / (no upstream)";

    public async ValueTask<double> CallAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(_url, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || bytes.Length == 0)
        {
            throw new InvalidOperationException($"GET /: {(int)response.StatusCode}");
        }
        return ResponseTime.Parse(response);
    }
}

public static class ResponseTime
{
    public const string Header = "X-Response-Time";

    /// <summary>"0.123ms" → 0.123; NaN when absent.</summary>
    public static double Parse(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues(Header, out var values) && values.FirstOrDefault() is { } value)
        {
            var text = value.EndsWith("ms", StringComparison.Ordinal) ? value[..^2] : value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }
        }
        return double.NaN;
    }
}
