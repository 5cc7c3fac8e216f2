using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>
/// MCP Streamable HTTP on the Core's public <see cref="StreamableHttpServerTransport"/>, since
/// ModelContextProtocol.AspNetCore is not available here. It follows the SDK's own StreamableHttpHandler:
/// 2025-x clients get stateful sessions (Mcp-Session-Id, created by initialize); requests whose
/// MCP-Protocol-Version is 2026-07-28 or later (and every request under --stateless) are served by a
/// throwaway server on a stateless transport.
/// </summary>
public sealed class StreamableHttpEndpoint(ServerDefinition definition, TestServerOptions options, CancellationToken stopping) : IAsyncDisposable
{
    private const string SessionIdHeader = "Mcp-Session-Id";
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private readonly ConcurrentDictionary<string, HttpSession> _sessions = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggerFactory = definition.LoggerFactory;
    private readonly ILogger _logger = definition.LoggerFactory.CreateLogger<StreamableHttpEndpoint>();

    public async Task PostAsync(HttpContext context)
    {
        if (!HttpChecks.Accepts(context.Request, "application/json") || !HttpChecks.Accepts(context.Request, "text/event-stream"))
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, -32000,
                "Not Acceptable: Client must accept both application/json and text/event-stream");
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = await context.Request.ReadFromJsonAsync(MessageTypeInfo, context.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.ParseError,
                $"Bad Request: the POST body is not a JSON-RPC message: {ex.Message}");
            return;
        }

        if (message is null)
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status400BadRequest, (int)McpErrorCode.InvalidRequest,
                "Bad Request: the POST body is not a JSON-RPC message.");
            return;
        }

        if (HttpChecks.ValidatePost(context, message, options.Stateless) is { } rejection)
        {
            await HttpChecks.WriteErrorAsync(context, rejection.Status, rejection.Code, rejection.Message, HttpChecks.IdOf(message), rejection.Data);
            return;
        }

        string version = HttpChecks.ProtocolVersionHeader(context.Request);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("POST {Message} session={Session} version={Version}", Describe(message),
                context.Request.Headers[SessionIdHeader].ToString(), version);
        }

        if (options.Stateless || HttpChecks.IsPerRequestMetadataVersion(version))
        {
            await ServeStatelesslyAsync(context, message, version);
            return;
        }

        var session = await GetOrCreateSessionAsync(context, message);
        if (session is null)
        {
            return;
        }

        // Deliberately no message.Context.ProtocolVersion here: on a session the version is the one negotiated by
        // initialize, and the SDK rejects a request whose header names another one (clients send stale headers).
        InitializeSseResponse(context);
        bool wroteResponse = await session.Transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
        if (!wroteResponse)
        {
            context.Response.Headers.ContentType = (string?)null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    public async Task GetAsync(HttpContext context)
    {
        if (await RejectSessionlessAsync(context, "GET"))
        {
            return;
        }

        if (!HttpChecks.Accepts(context.Request, "text/event-stream"))
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, -32000, "Not Acceptable: Client must accept text/event-stream");
            return;
        }

        var session = await FindSessionAsync(context);
        if (session is null)
        {
            return;
        }

        if (!session.TryStartGetRequest())
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status400BadRequest, -32000,
                "Bad Request: This server does not support multiple GET requests per session.");
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            InitializeSseResponse(context);
            await context.Response.Body.FlushAsync(cts.Token);
            await session.Transport.HandleGetRequestAsync(context.Response.Body, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // The client closed the stream, or the server is stopping.
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (await RejectSessionlessAsync(context, "DELETE"))
        {
            return;
        }

        var session = await FindSessionAsync(context);
        if (session is not null && _sessions.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>DNS-rebinding protection for a loopback-bound server: Host and Origin must be local.</summary>
    public async Task RejectNonLocalHostAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpChecks.IsLocalHostAndOrigin(context.Request))
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status403Forbidden, -32000,
                "Forbidden: Host and Origin must name localhost, 127.0.0.1 or [::1].");
            return;
        }

        await next(context);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            if (_sessions.TryRemove(id, out var session))
            {
                await session.DisposeAsync();
            }
        }
    }

    private async Task ServeStatelesslyAsync(HttpContext context, JsonRpcMessage message, string version)
    {
        if (!string.IsNullOrEmpty(version))
        {
            message.Context ??= new();
            message.Context.ProtocolVersion = version;
        }

        var serverOptions = definition.CreateOptions();
        serverOptions.ScopeRequests = false;
        await using var transport = new StreamableHttpServerTransport(_loggerFactory) { Stateless = true };
        await using var server = McpServer.Create(transport, serverOptions, _loggerFactory, serviceProvider: null);
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var runTask = server.RunAsync(runCts.Token);
        try
        {
            Func<JsonRpcMessage?, ValueTask>? onResponseStarting = null;
            if (HttpChecks.IsPerRequestMetadataVersion(version))
            {
                // 2026-07-28 maps some JSON-RPC errors onto the HTTP status; the transport defers its header
                // flush until the first message so the status can still be chosen here.
                onResponseStarting = first =>
                {
                    if (first is JsonRpcError { Error: { } error } && !context.Response.HasStarted)
                    {
                        context.Response.StatusCode = HttpChecks.StatusForError(error.Code, context.Response.StatusCode);
                    }

                    return default;
                };
            }

            InitializeSseResponse(context);
            bool wroteResponse = await transport.HandlePostRequestAsync(message, context.Response.Body, onResponseStarting, context.RequestAborted);
            if (!wroteResponse)
            {
                context.Response.Headers.ContentType = (string?)null;
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
        }
        finally
        {
            await runCts.CancelAsync();
            try
            {
                await runTask;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task<HttpSession?> GetOrCreateSessionAsync(HttpContext context, JsonRpcMessage message)
    {
        string sessionId = context.Request.Headers[SessionIdHeader].ToString();
        if (!string.IsNullOrEmpty(sessionId))
        {
            return await FindSessionAsync(context, HttpChecks.IdOf(message));
        }

        if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status400BadRequest, -32000,
                "Bad Request: a request without Mcp-Session-Id must be initialize.", HttpChecks.IdOf(message));
            return null;
        }

        var session = HttpSession.Start(NewSessionId(), definition, _loggerFactory);
        _sessions[session.Id] = session;
        context.Response.Headers[SessionIdHeader] = session.Id;
        return session;
    }

    private async Task<HttpSession?> FindSessionAsync(HttpContext context, RequestId requestId = default)
    {
        string sessionId = context.Request.Headers[SessionIdHeader].ToString();
        if (string.IsNullOrEmpty(sessionId))
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status400BadRequest, -32000, "Bad Request: Mcp-Session-Id header is required.", requestId);
            return null;
        }

        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            await HttpChecks.WriteErrorAsync(context, StatusCodes.Status404NotFound, -32001, "Session not found", requestId);
            return null;
        }

        context.Response.Headers[SessionIdHeader] = session.Id;
        return session;
    }

    /// <summary>GET and DELETE exist only for sessions: not under --stateless, not for 2026-07-28 and later.</summary>
    private async Task<bool> RejectSessionlessAsync(HttpContext context, string method)
    {
        string version = HttpChecks.ProtocolVersionHeader(context.Request);
        if (!options.Stateless && !HttpChecks.IsPerRequestMetadataVersion(version))
        {
            return false;
        }

        context.Response.Headers.Allow = HttpMethods.Post;
        await HttpChecks.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, -32000,
            $"Method Not Allowed: {method} needs a session; this request is served statelessly (protocol version '{version}').");
        return true;
    }

    private static string Describe(JsonRpcMessage message) => message switch
    {
        JsonRpcRequest r => $"request {r.Method} id={r.Id}",
        JsonRpcNotification n => $"notification {n.Method} {n.Params?.ToJsonString()}",
        JsonRpcResponse r => $"response id={r.Id}",
        JsonRpcError e => $"error id={e.Id} code={e.Error.Code}",
        _ => message.GetType().Name,
    };

    private static void InitializeSseResponse(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    private static string NewSessionId()
    {
        Span<byte> buffer = stackalloc byte[16];
        RandomNumberGenerator.Fill(buffer);
        return WebEncoders.Base64UrlEncode(buffer);
    }
}

/// <summary>One stateful session: its transport and the MCP server running on it.</summary>
internal sealed class HttpSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private int _getStarted;
    private Task _runTask = Task.CompletedTask;

    private HttpSession(string id, StreamableHttpServerTransport transport, McpServer server)
    {
        Id = id;
        Transport = transport;
        Server = server;
    }

    public string Id { get; }

    public StreamableHttpServerTransport Transport { get; }

    public McpServer Server { get; }

    public static HttpSession Start(string id, ServerDefinition definition, ILoggerFactory loggerFactory)
    {
        var transport = new StreamableHttpServerTransport(loggerFactory) { SessionId = id };
        var server = McpServer.Create(transport, definition.CreateOptions(), loggerFactory, serviceProvider: null);
        var session = new HttpSession(id, transport, server);
        session._runTask = server.RunAsync(session._cts.Token); // must run before the first POST is handed over
        return session;
    }

    public bool TryStartGetRequest() => Interlocked.Exchange(ref _getStarted, 1) == 0;

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _runTask;
        }
        catch (OperationCanceledException)
        {
        }

        await Server.DisposeAsync();
        await Transport.DisposeAsync();
        _cts.Dispose();
    }
}
