using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Client;

/// <summary>
/// A client of McpGateway's REST API: tools, batches, jobs with live progress, registry, health, users, keys and audit.
/// Thread-safe; keep one per application (it shares one <see cref="HttpClient"/>).
/// </summary>
/// <remarks>
/// With several gateway URLs a call moves on to the next URL only when it could not be sent at all (connection refused,
/// name not resolved): a call the gateway may have received is never sent twice. Calls that are safe to repeat
/// (reads, job cancellation) also move on after a timeout or a connection lost mid-way. The URL that answered last
/// is tried first next time.
/// </remarks>
public sealed partial class GatewayClient : IDisposable
{
    /// <summary>The address used when none is given: <c>http://127.0.0.1:8080</c>.</summary>
    public static readonly Uri DefaultUrl = new("http://127.0.0.1:8080/");

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly Uri[] _urls;
    private int _current;

    /// <summary>A client of one gateway.</summary>
    /// <param name="url">The gateway's base URL, e.g. <c>http://127.0.0.1:8080</c>.</param>
    /// <param name="apiKey">An API key (sent as <c>X-API-Key</c>), if any.</param>
    /// <param name="token">A bearer token (sent as <c>Authorization: Bearer</c>), if any.</param>
    public GatewayClient(string url, string? apiKey = null, string? token = null)
        : this(Options(url, apiKey, token))
    {
    }

    /// <summary>A client of one or several gateways.</summary>
    /// <param name="options">URLs and credentials.</param>
    /// <param name="httpClient">
    /// An <see cref="HttpClient"/> to share (from <c>IHttpClientFactory</c>, or with your own handler); it is not disposed with this client,
    /// and its <see cref="HttpClient.BaseAddress"/> is not used. Null: the client creates and owns one.
    /// </param>
    public GatewayClient(GatewayClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _urls = (options.Urls.Count == 0 ? [DefaultUrl] : options.Urls.Select(Normalize)).ToArray();
        ApiKey = options.ApiKey;
        Token = options.Token;
        if (httpClient is null)
        {
            var handler = new SocketsHttpHandler
            {
                ConnectTimeout = options.ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            };
            _http = new HttpClient(handler) { Timeout = options.Timeout };
            _ownsHttpClient = true;
        }
        else
        {
            _http = httpClient;
        }
    }

    /// <summary>The gateway URLs, in failover order.</summary>
    public IReadOnlyList<Uri> Urls => _urls;

    /// <summary>The URL tried first: the one that answered last.</summary>
    public Uri CurrentUrl => _urls[Volatile.Read(ref _current)];

    /// <summary>The API key sent as <c>X-API-Key</c>; may be changed at any time.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The bearer token sent as <c>Authorization: Bearer</c>; set by <see cref="LoginAsync"/>.</summary>
    public string? Token { get; set; }

    /// <summary>The shared <see cref="HttpClient"/>.</summary>
    public HttpClient HttpClient => _http;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private static GatewayClientOptions Options(string url, string? apiKey, string? token)
    {
        var options = new GatewayClientOptions { ApiKey = apiKey, Token = token };
        options.Urls.Add(new Uri(url, UriKind.Absolute));
        return options;
    }

    private static Uri Normalize(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an http(s) URL of a gateway.", nameof(url));
        }
        var text = url.ToString();
        return text.EndsWith('/') ? url : new Uri(text + "/");
    }

    /// <summary>Adds the credentials to a request (API key and/or bearer token).</summary>
    internal void Authenticate(HttpRequestHeaders headers)
    {
        if (!string.IsNullOrEmpty(ApiKey))
        {
            headers.TryAddWithoutValidation("X-API-Key", ApiKey);
        }
        if (!string.IsNullOrEmpty(Token))
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
    }

    /// <summary>
    /// Sends a request to the current gateway, moving on to the next only when it could not be sent (or, when
    /// <paramref name="idempotent"/>, after any transport failure or timeout). Error statuses throw <see cref="GatewayException"/>.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body, bool idempotent,
        CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, string? accept = null)
    {
        Exception? last = null;
        var start = Volatile.Read(ref _current);
        var tried = new List<Uri>(_urls.Length);
        for (var i = 0; i < _urls.Length; i++)
        {
            var index = (start + i) % _urls.Length;
            tried.Add(_urls[index]);
            using var request = new HttpRequestMessage(method, new Uri(_urls[index], path));
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            }
            request.Headers.Accept.ParseAdd(accept ?? "application/json");
            Authenticate(request.Headers);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (NotSent(e) || idempotent)
            {
                last = e;
                continue;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && idempotent)
            {
                last = e;
                continue;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"{method} {path} on {_urls[index]} got no answer within {_http.Timeout.TotalSeconds:0.#} s; the call may have run, so it was not repeated.", e);
            }
            Volatile.Write(ref _current, index);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
                }
            }
            return response;
        }
        throw new GatewayUnavailableException(tried, last);
    }

    internal async Task<T> SendAsync<T>(HttpMethod method, string path, JsonNode? body, bool idempotent, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, idempotent, cancellationToken).ConfigureAwait(false);
        var value = await response.Content.ReadFromJsonAsync<T>(ClientJson.Options, cancellationToken).ConfigureAwait(false);
        return value ?? throw new GatewayException((int)response.StatusCode, "Empty response", $"{method} {path} answered without a body.");
    }

    /// <summary>
    /// True when the request never left this machine: the connection was refused or could not be opened, or the name did not resolve.
    /// Only then is another gateway tried for a call that is not safe to repeat.
    /// </summary>
    public static bool NotSent(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError)
        {
            return true;
        }
        for (Exception? e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable
                or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable or SocketError.TryAgain })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Turns an error response into the matching exception, keeping the problem document.</summary>
    internal static async Task<GatewayException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            text = "";
        }
        JsonObject? problem = null;
        try
        {
            problem = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }
        var title = String(problem, "title") ?? response.ReasonPhrase ?? $"HTTP {status}";
        var detail = String(problem, "detail") ?? (problem is null && !string.IsNullOrWhiteSpace(text) && text.Length < 500 ? text.Trim() : null);
        var code = problem?["mcp_error_code"] is JsonValue c && c.TryGetValue<int>(out var value) ? value : (int?)null;
        var mayHaveExecuted = problem?["may_have_executed"] is JsonValue m && m.TryGetValue<bool>(out var flag) && flag;
        if (status is 502 or 504 || code is not null || problem?.ContainsKey("may_have_executed") == true)
        {
            return new UpstreamException(status, title, detail, code, mayHaveExecuted, problem);
        }
        return new GatewayException(status, title, detail, problem);
    }

    private static string? String(JsonObject? node, string name)
        => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
