using System.Security.Claims;
using System.Text.Json.Nodes;
using McpGateway.Security;
using Microsoft.Net.Http.Headers;

namespace McpGateway.Mcp;

/// <summary>
/// Streamable HTTP for <c>/mcp</c> and <c>/mcp/{template}</c>, written by hand on Kestrel: POST carries one JSON-RPC
/// message, GET opens the session's stream of unsolicited messages, DELETE ends the session. Every failure is a JSON-RPC
/// error body with a fitting HTTP status.
/// </summary>
internal sealed class McpHttpEndpoint(
    McpSessions sessions,
    McpDispatcher dispatcher,
    McpTargets targets,
    OriginGuard originGuard,
    ILogger<McpHttpEndpoint> logger)
{
    public async Task PostAsync(HttpContext context, string? template)
    {
        try
        {
            await HandlePostAsync(context, template);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = McpErrors.From(e, logger);
            await WriteErrorAsync(context, error.HttpStatus == 200 ? 400 : error.HttpStatus, error.Code, error.Message, null, error.ErrorData);
        }
    }

    public async Task GetAsync(HttpContext context, string? template)
    {
        try
        {
            await HandleGetAsync(context, template);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = McpErrors.From(e, logger);
            await WriteErrorAsync(context, error.HttpStatus == 200 ? 400 : error.HttpStatus, error.Code, error.Message);
        }
    }

    public async Task DeleteAsync(HttpContext context, string? template)
    {
        try
        {
            await RejectForeignOriginAsync(context);
            targets.Resolve(context, template);
            var session = await RequireSessionAsync(context, template ?? McpSessionRecord.AggregateTarget);
            await sessions.EndAsync(session.Id, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            var error = McpErrors.From(e, logger);
            await WriteErrorAsync(context, error.HttpStatus == 200 ? 400 : error.HttpStatus, error.Code, error.Message);
        }
    }

    private async Task HandlePostAsync(HttpContext context, string? template)
    {
        await RejectForeignOriginAsync(context);
        var request = context.Request;
        if (!Accepts(request, "application/json", "text/event-stream"))
        {
            throw new McpRequestException(406, McpErrors.ServerError, "Not Acceptable: the client must accept both application/json and text/event-stream.");
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new McpRequestException(415, McpErrors.ServerError, "Unsupported Media Type: the body must be application/json.");
        }
        var target = targets.Resolve(context, template);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var message = McpMessage.Parse(body.GetBuffer().AsSpan(0, (int)body.Length));

        var headerVersion = request.Headers[McpProtocol.VersionHeader].ToString();
        if (headerVersion.Length > 0 && !McpProtocol.IsSupported(headerVersion))
        {
            throw new McpRequestException(400, (int)ModelContextProtocol.McpErrorCode.UnsupportedProtocolVersion,
                $"Bad Request: MCP-Protocol-Version '{headerVersion}' is not supported.",
                new JsonObject { ["supported"] = new JsonArray([.. McpProtocol.AllVersions.Select(v => JsonValue.Create(v))]), ["requested"] = headerVersion });
        }

        var sessionId = request.Headers[McpProtocol.SessionIdHeader].ToString();
        if (sessionId.Length == 0 && McpProtocol.IsStateless(headerVersion))
        {
            StatelessRequestRules.Validate(request, message, headerVersion);
            await ServeAsync(context, target, message, null, headerVersion);
            return;
        }
        if (sessionId.Length == 0)
        {
            if (message is { IsRequest: true, Method: "initialize" })
            {
                await InitializeAsync(context, target, message);
                return;
            }
            throw McpRequestException.InvalidRequest("Bad Request: Mcp-Session-Id is required; start a session with initialize (or use protocol version 2026-07-28).");
        }
        var session = await RequireSessionAsync(context, target.Name);
        await ServeAsync(context, target, message, session, session.Record.ProtocolVersion);
    }

    private async Task ServeAsync(HttpContext context, IMcpTarget target, McpMessage message, McpSession? session, string version)
    {
        if (message.IsResponse)
        {
            if (session is not null && !session.CompleteServerRequest(message.Json) && McpSession.IsRelayedId(message.Json))
            {
                // Relayed by another gateway process: leave it in the store, where that process looks for it.
                await sessions.PostAnswerAsync(session, message.Json, context.RequestAborted);
            }
            else if (session is null)
            {
                logger.LogDebug("A client response without a session matched no server-to-client request.");
            }
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }
        if (message.IsNotification)
        {
            await NotifyAsync(context.User, target, message, session, version, context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }
        if (session is not null)
        {
            context.Response.Headers[McpProtocol.SessionIdHeader] = session.Id;
        }
        var stream = new ResponseStream();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session?.Ended ?? default);
        var call = new McpCall(context.User, session, version, stream, cancellation.Token) { PrefersAsync = Tasks.TaskNegotiation.PrefersAsync(context.Request) };
        var key = message.IdKey;
        session?.Begin(stream, key, cancellation);
        try
        {
            var serving = dispatcher.ServeAsync(target, message, call);
            if (!serving.IsCompleted)
            {
                // Most requests end with their response alone: write it on the thread that produced it (no hand-off);
                // once anything comes before it (progress, logs, server-to-client requests), stream as SSE.
                await Task.WhenAny(serving, stream.Streaming);
            }
            await stream.WriteAsync(context, allowJson: true, context.RequestAborted);
            await serving;
        }
        finally
        {
            session?.End(stream, key);
        }
    }

    private async Task NotifyAsync(ClaimsPrincipal caller, IMcpTarget target, McpMessage message, McpSession? session, string version,
        CancellationToken cancellationToken)
    {
        var requestId = message.Params is { } parameters ? parameters["requestId"] : null;
        switch (message.Method)
        {
            case "notifications/cancelled" when requestId is not null:
                session?.Cancel(requestId.ToJsonString());
                return;
            case "notifications/roots/list_changed" when session is not null:
                try
                {
                    await target.NotifyAsync(message.Method, message.Params, new McpCall(caller, session, version, new ResponseStream(), cancellationToken));
                }
                catch (Exception e)
                {
                    logger.LogDebug(e, "Relaying {Method} upstream failed.", message.Method);
                }
                return;
            default:
                return;
        }
    }

    private async Task InitializeAsync(HttpContext context, IMcpTarget target, McpMessage message)
    {
        var requested = message.Params?["protocolVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var version = requested is not null && McpProtocol.SessionVersions.Contains(requested) ? requested : McpProtocol.LatestSession;
        var capabilities = message.Params?["capabilities"] as JsonObject;
        var call = new McpCall(context.User, null, version, new ResponseStream(), context.RequestAborted);
        JsonObject response;
        try
        {
            var description = await target.DescribeAsync(call);
            var dedicated = capabilities is not null && (capabilities.ContainsKey("sampling") || capabilities.ContainsKey("elicitation") || capabilities.ContainsKey("roots"));
            var session = await sessions.CreateAsync(target.Name, version, (JsonObject?)capabilities?.DeepClone(),
                (message.Params?["clientInfo"] as JsonObject)?.DeepClone() as JsonObject, dedicated, PrincipalOf(context), context.RequestAborted);
            context.Response.Headers[McpProtocol.SessionIdHeader] = session.Id;
            response = McpErrors.Response(message.Id, McpDispatcher.InitializeResult(description, version));
        }
        catch (Exception e)
        {
            var error = McpErrors.From(e, logger);
            await WriteErrorAsync(context, error.HttpStatus, error.Code, error.Message, message.Id, error.ErrorData);
            return;
        }
        await ResponseStream.WriteJsonAsync(context, StatusCodes.Status200OK, response, context.RequestAborted);
    }

    private async Task HandleGetAsync(HttpContext context, string? template)
    {
        await RejectForeignOriginAsync(context);
        if (McpProtocol.IsStateless(context.Request.Headers[McpProtocol.VersionHeader].ToString()))
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            throw new McpRequestException(405, McpErrors.ServerError, "Method Not Allowed: GET needs a session; protocol version 2026-07-28 has none.");
        }
        if (!Accepts(context.Request, "text/event-stream"))
        {
            throw new McpRequestException(406, McpErrors.ServerError, "Not Acceptable: the client must accept text/event-stream.");
        }
        var target = targets.Resolve(context, template);
        var session = await RequireSessionAsync(context, target.Name);
        var stream = session.OpenGetStream()
            ?? throw new McpRequestException(409, McpErrors.ServerError, "Conflict: this session already has an open GET stream.");
        try
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, session.Ended);
            context.Response.Headers[McpProtocol.SessionIdHeader] = session.Id;
            await stream.WriteAsync(context, allowJson: false, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // The client closed the stream, or the session ended.
        }
        finally
        {
            session.CloseGetStream(stream);
        }
    }

    private async Task<McpSession> RequireSessionAsync(HttpContext context, string target)
    {
        var id = context.Request.Headers[McpProtocol.SessionIdHeader].ToString();
        if (id.Length == 0)
        {
            throw McpRequestException.InvalidRequest("Bad Request: the Mcp-Session-Id header is required.");
        }
        var session = await sessions.FindAsync(id, context.RequestAborted);
        // Another principal's session is as unknown as one that never existed: its id grants nothing, and says nothing.
        if (session is null || session.Record.Target != target || !session.Record.IsOwnedBy(PrincipalOf(context)))
        {
            throw new McpRequestException(404, McpErrors.SessionNotFound, "Session not found: it ended or expired; start a new one with initialize.");
        }
        return session;
    }

    private static string? PrincipalOf(HttpContext context) => GatewayIdentity.Of(context.User)?.PrincipalId;

    private Task RejectForeignOriginAsync(HttpContext context)
        => originGuard.Reject(context.Request) is { } reason ? throw new McpRequestException(403, McpErrors.Forbidden, reason) : Task.CompletedTask;

    /// <summary>Whether the Accept header lists every one of <paramref name="mediaTypes"/> (parsed once).</summary>
    private static bool Accepts(HttpRequest request, params ReadOnlySpan<string> mediaTypes)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }
        foreach (var mediaType in mediaTypes)
        {
            var found = false;
            foreach (var item in accepted)
            {
                found |= item.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private static Task WriteErrorAsync(HttpContext context, int status, int code, string message, JsonNode? id = null, JsonNode? data = null)
        => ResponseStream.WriteJsonAsync(context, status, McpErrors.Error(id, code, message, data), context.RequestAborted);
}
