using System.Net.Sockets;
using System.Text.Json.Nodes;
using McpGateway.Registry;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// One long-lived MCP session to one instance, shared by all calls to it (no initialize per call).
/// Reconnects on demand; a stdio process that dies is restarted in the background with exponential backoff.
/// An HTTP session the instance no longer knows (it restarted or expired it: <see cref="UpstreamSessionLostException"/>) is
/// dropped and a new one initialized at once; the request it rejected, which did not run, is repeated once on the new session
/// when that cannot run anything twice (not a tools/call, or a tool annotated readOnlyHint/idempotentHint), else it fails
/// as <see cref="UpstreamFailureKind.SessionLost"/>.
/// </summary>
public sealed class UpstreamConnection : IUpstream
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    private readonly IUpstreamTransportFactory _factory;
    private readonly McpClientOptions _clientOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _connectTimeout;
    private readonly IUpstreamMessageTap? _tap;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly ProgressRouter _progress = new();
    private Task<McpClient>? _client;
    private readonly bool _rawRequests;
    private RawPath? _raw;
    private long _rawCalls;
    private int _consecutiveConnectFailures;
    private DateTimeOffset _retryNotBefore;
    private long _restarts;
    private long _nextRequestId;
    private readonly Func<string, bool>? _isToolRetrySafe;

    /// <param name="rawRequests">
    /// Whether calls may take the transport's raw request path when it has one (a shared pool process). A connection whose
    /// notifications belong to one downstream session (logs, server-to-client requests) keeps every answer in wire order behind them.
    /// </param>
    /// <param name="isToolRetrySafe">
    /// Whether a tool may run twice (its annotations), for repeating a tools/call the instance rejected with a lost session.
    /// Without it, such a call is never repeated.
    /// </param>
    public UpstreamConnection(InstanceDefinition instance, IUpstreamTransportFactory factory, McpClientOptions clientOptions,
        TimeSpan connectTimeout, ILoggerFactory loggerFactory, TimeProvider time, IUpstreamMessageTap? tap = null, bool rawRequests = true,
        Func<string, bool>? isToolRetrySafe = null)
    {
        _isToolRetrySafe = isToolRetrySafe;
        _rawRequests = rawRequests;
        _tap = tap;
        Instance = instance;
        _factory = factory;
        _clientOptions = clientOptions;
        _connectTimeout = connectTimeout;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<UpstreamConnection>();
        _time = time;
    }

    public InstanceDefinition Instance { get; }

    /// <summary>How many times the session was re-established after it was lost.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>The protocol version negotiated with the instance, once connected.</summary>
    public string? NegotiatedProtocolVersion => _client is { IsCompletedSuccessfully: true } t ? t.Result.NegotiatedProtocolVersion : null;

    /// <summary>Calls that took the raw request path (written and matched by the transport, not the MCP client's dispatch).</summary>
    public long RawCalls => Interlocked.Read(ref _rawCalls);

    public bool IsConnected => _client is { IsCompletedSuccessfully: true } t && !t.Result.Completion.IsCompleted;

    /// <summary>Sends one JSON-RPC request and returns its result, classifying every failure.</summary>
    public Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, CancellationToken cancellationToken)
        => SendAsync(method, parameters, timeout, onProgress: null, cancellationToken);

    /// <summary>
    /// Sends one JSON-RPC request and returns its result, classifying every failure. With <paramref name="onProgress"/>,
    /// the request carries a progress token and every progress notification for it is delivered, in order, before this returns.
    /// </summary>
    public async Task<JsonNode?> SendAsync(string method, JsonNode? parameters, TimeSpan timeout, Action<ProgressUpdate>? onProgress,
        CancellationToken cancellationToken)
    {
        try
        {
            return await SendOnceAsync(method, parameters, timeout, onProgress, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamException e) when (e.Kind == UpstreamFailureKind.SessionLost)
        {
            // The old session is dropped. Open the new one now, so the next call finds it even if this one is not repeated
            // (if the instance cannot be reached, that is this call's failure: NotReached, it did not run).
            await GetClientAsync(cancellationToken).ConfigureAwait(false);
            if (method == "tools/call" && !IsToolRetrySafe(parameters, out var tool))
            {
                throw new UpstreamException(UpstreamFailureKind.SessionLost, Instance.Id,
                    $"Instance '{Instance.Id}' had lost the gateway's MCP session (it restarted or expired it) and rejected the call "
                    + $"without running it. A new session is open; the call was not repeated because '{tool}' is not annotated "
                    + "readOnlyHint or idempotentHint. It is safe to send it again.", inner: e.InnerCause);
            }
            _logger.LogInformation("Upstream {Instance} had lost the session; repeating {Method} on a new one.", Instance.Key, method);
            return await SendOnceAsync(method, parameters, timeout, onProgress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>This connection, for requests that must reach the same session (connecting first if needed).</summary>
    public async Task<IPinnedUpstream> PinAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await GetClientAsync(cancellationToken).ConfigureAwait(false);
        return new PinnedConnection(this, release: null);
    }

    /// <summary>A progress token whose notifications go to <paramref name="observer"/> until unsubscribed (see <see cref="IPinnedUpstream"/>).</summary>
    internal string SubscribeProgress(Action<ProgressUpdate> observer) => _progress.Subscribe(observer);

    internal void UnsubscribeProgress(string token) => _progress.Unsubscribe(token);

    private bool IsToolRetrySafe(JsonNode? parameters, out string? tool)
    {
        tool = parameters?["name"] is JsonValue name && name.TryGetValue<string>(out var value) ? value : null;
        return tool is not null && _isToolRetrySafe?.Invoke(tool) == true;
    }

    private async Task<JsonNode?> SendOnceAsync(string method, JsonNode? parameters, TimeSpan timeout, Action<ProgressUpdate>? onProgress,
        CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        if (onProgress is null)
        {
            // Without a progress token nothing on the wire has to reach anyone before the answer, so the raw path may take it
            // (the front door relays a client's progress under a token of its own in the parameters).
            return await SendCoreAsync(client, method, parameters, ownsParameters: false, timeout, cancellationToken,
                allowRaw: _rawRequests && !HasProgressToken(parameters)).ConfigureAwait(false);
        }
        var token = _progress.Subscribe(onProgress);
        try
        {
            var withToken = parameters?.DeepClone().AsObject() ?? new JsonObject();
            var meta = withToken["_meta"] as JsonObject ?? new JsonObject();
            meta["progressToken"] = token;
            withToken["_meta"] = meta;
            return await SendCoreAsync(client, method, withToken, ownsParameters: true, timeout, cancellationToken, allowRaw: false).ConfigureAwait(false);
        }
        finally
        {
            _progress.Unsubscribe(token);
        }
    }

    /// <param name="ownsParameters">
    /// Whether <paramref name="parameters"/> is this call's own copy. If not, the MCP client's path sends a copy (the client adds
    /// its metadata to what it sends); the raw path only reads them.
    /// </param>
    private async Task<JsonNode?> SendCoreAsync(McpClient client, string method, JsonNode? parameters, bool ownsParameters, TimeSpan timeout,
        CancellationToken cancellationToken, bool allowRaw)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var requestId = new RequestId("gw-" + Interlocked.Increment(ref _nextRequestId).ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            if (allowRaw && RawPathFor(client) is { } raw)
            {
                Interlocked.Increment(ref _rawCalls);
                return await RawRequests.SendAsync(raw.Transport, (string)requestId.Id!, method, parameters, raw.Meta, timeoutSource.Token).ConfigureAwait(false);
            }
            var response = await client.SendRequestAsync(
                new JsonRpcRequest { Id = requestId, Method = method, Params = ownsParameters ? parameters : parameters?.DeepClone() },
                timeoutSource.Token).ConfigureAwait(false);
            return response.Result;
        }
        catch (OperationCanceledException)
        {
            // The SDK drops the request locally but does not tell the server; MCP says a cancelled request gets notifications/cancelled.
            _ = NotifyCancelledAsync(client, requestId, cancellationToken.IsCancellationRequested ? "The caller cancelled the request." : "The gateway's request timeout expired.");
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            throw new UpstreamException(UpstreamFailureKind.Timeout, Instance.Id,
                $"Instance '{Instance.Id}' did not answer '{method}' within {timeout.TotalSeconds:0.###} s; the call may have executed.");
        }
        catch (Exception e) when (e is not OperationCanceledException && IsSessionLoss(e))
        {
            DropSession(client);
            throw new UpstreamException(UpstreamFailureKind.SessionLost, Instance.Id,
                $"Instance '{Instance.Id}' had lost the gateway's MCP session and rejected '{method}' without running it.", inner: e);
        }
        catch (McpProtocolException e)
        {
            // The SDK prefixes the upstream's message; pass on what the upstream said.
            const string remotePrefix = "Request failed (remote): ";
            var message = e.Message.StartsWith(remotePrefix, StringComparison.Ordinal) ? e.Message[remotePrefix.Length..] : e.Message;
            throw new UpstreamException(UpstreamFailureKind.ProtocolError, Instance.Id, message, (int)e.ErrorCode, e);
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status && (int)status is >= 400 and < 500 && !IsConnectFailure(e))
        {
            // The server answered and refused the request (a 2026-07-28 server sends JSON-RPC errors with 4xx statuses).
            var (code, message) = HttpJsonRpcError.Parse(e);
            throw new UpstreamException(UpstreamFailureKind.ProtocolError, Instance.Id, message, code, e);
        }
        catch (Exception e) when (e is not OperationCanceledException && IsConnectFailure(e))
        {
            Invalidate(client);
            throw new UpstreamException(UpstreamFailureKind.NotReached, Instance.Id,
                $"Instance '{Instance.Id}' refused the connection: {e.Message}", inner: e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Invalidate(client);
            throw new UpstreamException(UpstreamFailureKind.MayHaveExecuted, Instance.Id,
                $"Instance '{Instance.Id}' failed while handling '{method}'; the call may have executed: {Describe(e)}", inner: e);
        }
    }

    /// <summary>
    /// The raw path of <paramref name="client"/>'s connection, when its transport has one and the negotiated protocol allows it:
    /// a session version needs nothing per request; a version with per-request metadata needs what the MCP client itself sends
    /// (learned from its first request on the connection, so until then calls take the client's path).
    /// </summary>
    private (IRawRequestTransport Transport, JsonObject? Meta)? RawPathFor(McpClient client)
    {
        if (Volatile.Read(ref _raw) is not { } raw || !ReferenceEquals(raw.Client, client) || client.NegotiatedProtocolVersion is not { } version)
        {
            return null;
        }
        if (Array.IndexOf(Mcp.McpProtocol.SessionVersions, version) >= 0)
        {
            return (raw.Transport, null);
        }
        return raw.Transport.ClientRequestMeta is { } meta ? (raw.Transport, meta) : null;
    }

    private static bool HasProgressToken(JsonNode? parameters)
        => parameters is JsonObject p && p["_meta"] is JsonObject meta && meta.ContainsKey("progressToken");

    private sealed record RawPath(McpClient Client, IRawRequestTransport Transport);

    Task IUpstream.EnsureConnectedAsync(CancellationToken cancellationToken) => GetClientAsync(cancellationToken);

    /// <summary>Returns the open session, connecting first if needed. Failures are <see cref="UpstreamFailureKind.NotReached"/>.</summary>
    public async Task<McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        Task<McpClient> task;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_client is null || _client.IsFaulted || _client.IsCanceled
                || (_client.IsCompletedSuccessfully && _client.Result.Completion.IsCompleted))
            {
                var now = _time.GetUtcNow();
                if (now < _retryNotBefore)
                {
                    throw new UpstreamException(UpstreamFailureKind.NotReached, Instance.Id,
                        $"Instance '{Instance.Id}' is restarting after a failure; next attempt in {(_retryNotBefore - now).TotalSeconds:0.#} s.");
                }
                if (_client is not null)
                {
                    Interlocked.Increment(ref _restarts);
                }
                _client = ConnectAsync();
            }
            task = _client;
        }
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<McpClient> ConnectAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        timeout.CancelAfter(_connectTimeout);
        try
        {
            // Progress for the gateway's own calls is taken off the wire in order, before the SDK sees the result;
            // then the front door's tap (progress relay, server-to-client requests), if any.
            var transport = new TappedClientTransport(_factory.Create(Instance), _progress);
            if (_tap is not null)
            {
                transport = new TappedClientTransport(transport, _tap);
            }
            IRawRequestTransport? raw = null;
            var client = await McpClient.CreateAsync(new ObservedClientTransport(transport, t => raw = RawRequestTransports.Find(t)),
                _clientOptions, _loggerFactory, timeout.Token).ConfigureAwait(false);
            Volatile.Write(ref _raw, raw is null ? null : new RawPath(client, raw));
            lock (_gate)
            {
                _consecutiveConnectFailures = 0;
                _retryNotBefore = default;
            }
            _ = WatchAsync(client);
            return client;
        }
        catch (Exception e)
        {
            TimeSpan backoff;
            lock (_gate)
            {
                backoff = NextBackoff();
            }
            var reason = e is OperationCanceledException && !_disposed.IsCancellationRequested
                ? $"no MCP session within {_connectTimeout.TotalSeconds:0.###} s"
                : Describe(e);
            _logger.LogWarning("Connecting to upstream {Instance} failed ({Reason}); retrying no sooner than {Backoff}.",
                Instance.Key, reason, backoff);
            throw new UpstreamException(UpstreamFailureKind.NotReached, Instance.Id,
                $"Could not start an MCP session with instance '{Instance.Id}': {reason}", inner: e);
        }
    }

    /// <summary>When a session ends by itself (a stdio process exits), restarts it after a backoff so the next call finds it warm.</summary>
    private async Task WatchAsync(McpClient client)
    {
        try
        {
            await client.Completion.ConfigureAwait(false);
        }
        catch
        {
            // The completion's outcome is only a signal here.
        }
        if (_disposed.IsCancellationRequested || Instance.Transport != InstanceTransports.Stdio)
        {
            return;
        }
        TimeSpan backoff;
        lock (_gate)
        {
            backoff = NextBackoff();
        }
        _logger.LogWarning("Upstream process {Instance} exited; restarting in {Backoff}.", Instance.Key, backoff);
        try
        {
            await Task.Delay(backoff, _time, _disposed.Token).ConfigureAwait(false);
            await GetClientAsync(_disposed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or UpstreamException or ObjectDisposedException)
        {
            // Disposed, or the restart failed: the next call or health probe tries again after the backoff.
        }
        await DisposeClientAsync(client).ConfigureAwait(false);
    }

    private static async Task NotifyCancelledAsync(McpClient client, RequestId requestId, string reason)
    {
        try
        {
            await client.SendNotificationAsync(NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = requestId, Reason = reason }).ConfigureAwait(false);
        }
        catch
        {
            // Best effort: the session may be gone.
        }
    }

    private TimeSpan NextBackoff()
    {
        var failures = Math.Min(_consecutiveConnectFailures++, 10);
        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << failures));
        _retryNotBefore = _time.GetUtcNow() + backoff;
        return backoff;
    }

    private void Invalidate(McpClient client)
    {
        if (!client.Completion.IsCompleted)
        {
            return;
        }
        lock (_gate)
        {
            if (_client is { IsCompletedSuccessfully: true } current && ReferenceEquals(current.Result, client))
            {
                _client = null;
                Interlocked.Increment(ref _restarts);
            }
        }
    }

    /// <summary>Forgets a session the instance no longer knows (whatever its transport still thinks) and closes it.</summary>
    private void DropSession(McpClient client)
    {
        lock (_gate)
        {
            if (_client is not { IsCompletedSuccessfully: true } current || !ReferenceEquals(current.Result, client))
            {
                return; // another call already dropped it
            }
            _client = null;
            Interlocked.Increment(ref _restarts);
        }
        _logger.LogWarning("Upstream {Instance} no longer knows the gateway's session; starting a new one.", Instance.Key);
        _ = DisposeClientAsync(client);
    }

    private static bool IsSessionLoss(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is UpstreamSessionLostException)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsConnectFailure(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is BlockedUpstreamAddressException)
            {
                return true;
            }
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner.Message.Length == 0)
        {
            inner = inner.InnerException;
        }
        return inner.Message;
    }

    private static async Task DisposeClientAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            // Best effort: the session is already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<McpClient>? client;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }
            _disposed.Cancel();
            client = _client;
            _client = null;
        }
        if (client is not null)
        {
            try
            {
                await DisposeClientAsync(await client.ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch
            {
                // It never connected.
            }
        }
    }
}
