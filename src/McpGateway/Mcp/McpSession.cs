using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Upstreams;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// This process's part of one session: open response streams, requests in flight, upstream sessions of its own and
/// server-to-client requests waiting for the client's answer. The session itself is the <see cref="McpSessionRecord"/>
/// in the shared store; another process rebuilds this part on demand.
/// </summary>
internal sealed class McpSession(McpSessionRecord record, TimeProvider time, IMcpSessionStore store, TimeSpan answerPollInterval) : IAsyncDisposable
{
    /// <summary>How every gateway process starts the ids of the requests it relays.</summary>
    private const string RelayIdMarker = "mcpgw-";

    /// <summary>Ids of relayed requests are unique across processes, so answers left in the store reach the right waiter.</summary>
    private static readonly string RelayPrefix = RelayIdMarker + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)) + "-";

    private readonly ConcurrentDictionary<string, Task<DedicatedUpstream>> _dedicated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingServerRequest> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _requests = new(StringComparer.Ordinal);
    private readonly List<ResponseStream> _inFlight = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _ended = new();
    private ResponseStream? _getStream;
    private long _nextServerRequest;
    private int _polling;

    private sealed record PendingServerRequest(ITransport Upstream, RequestId OriginalId);

    public string Id => Record.Id;

    public McpSessionRecord Record { get; set; } = record;

    /// <summary>When this process last recorded activity in the store.</summary>
    public DateTimeOffset LastTouched { get; set; } = time.GetUtcNow();

    /// <summary>When this process last read the record from the store (or created it).</summary>
    public DateTimeOffset LastValidated { get; set; } = time.GetUtcNow();

    public CancellationToken Ended => _ended.Token;

    public ResponseStream? OpenGetStream()
    {
        lock (_gate)
        {
            if (_getStream is not null)
            {
                return null;
            }
            return _getStream = new ResponseStream();
        }
    }

    public void CloseGetStream(ResponseStream stream)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_getStream, stream))
            {
                _getStream = null;
            }
        }
        stream.Close();
    }

    /// <summary>Tracks a request in flight (for notifications/cancelled and for routing what its upstream sends meanwhile).</summary>
    public void Begin(ResponseStream stream, string? requestKey, CancellationTokenSource cancellation)
    {
        lock (_gate)
        {
            _inFlight.Add(stream);
        }
        if (requestKey is not null)
        {
            _requests[requestKey] = cancellation;
        }
    }

    public void End(ResponseStream stream, string? requestKey)
    {
        lock (_gate)
        {
            _inFlight.Remove(stream);
        }
        if (requestKey is not null)
        {
            _requests.TryRemove(requestKey, out _);
        }
    }

    public void Cancel(string requestKey)
    {
        if (_requests.TryGetValue(requestKey, out var cancellation))
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Where a message related to the current work goes: the newest request in flight, else the GET stream.</summary>
    public ResponseStream? CurrentStream
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count > 0 ? _inFlight[^1] : _getStream;
            }
        }
    }

    /// <summary>Where an unsolicited notification goes: the GET stream, else the newest request in flight.</summary>
    public ResponseStream? NotificationStream
    {
        get
        {
            lock (_gate)
            {
                return _getStream ?? (_inFlight.Count > 0 ? _inFlight[^1] : null);
            }
        }
    }

    public Task<DedicatedUpstream> GetDedicatedAsync(string template, Func<Task<DedicatedUpstream>> create)
    {
        ObjectDisposedException.ThrowIf(_ended.IsCancellationRequested, this);
        var task = _dedicated.GetOrAdd(template, _ => create());
        if (task.IsFaulted || task.IsCanceled || (task.IsCompletedSuccessfully && task.Result.IsEnded))
        {
            // Failed, or its leased process was reaped while the session was idle: the next request opens a new one.
            _dedicated.TryRemove(new KeyValuePair<string, Task<DedicatedUpstream>>(template, task));
            if (task.IsCompletedSuccessfully)
            {
                return GetDedicatedAsync(template, create);
            }
        }
        return task;
    }

    /// <summary>Relays a request of an upstream (sampling, elicitation, roots) to the client under an id of the gateway's.</summary>
    public void ForwardServerRequest(JsonRpcRequest request, ITransport upstream)
    {
        var stream = CurrentStream;
        if (stream is null)
        {
            _ = upstream.SendMessageAsync(new JsonRpcError
            {
                Id = request.Id,
                Error = new JsonRpcErrorDetail { Code = McpErrors.InternalError, Message = "The client has no open stream to receive this request." },
            });
            return;
        }
        var id = RelayPrefix + Interlocked.Increment(ref _nextServerRequest).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _pending[id] = new PendingServerRequest(upstream, request.Id);
        WatchForAnswersElsewhere();
        stream.Send(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = request.Method,
            ["params"] = request.Params?.DeepClone(),
        });
    }

    /// <summary>Passes the client's answer to a relayed request back to the upstream that asked; false when unknown here.</summary>
    public bool CompleteServerRequest(JsonObject response)
    {
        var id = response["id"] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        if (id is null || !_pending.TryRemove(id, out var pending))
        {
            return false;
        }
        JsonRpcMessage message = response["error"] is JsonObject error
            ? new JsonRpcError
            {
                Id = pending.OriginalId,
                Error = new JsonRpcErrorDetail
                {
                    Code = error["code"]?.GetValue<int>() ?? McpErrors.InternalError,
                    Message = error["message"]?.GetValue<string>() ?? "",
                    Data = error["data"]?.DeepClone(),
                },
            }
            : new JsonRpcResponse { Id = pending.OriginalId, Result = response["result"]?.DeepClone() };
        _ = pending.Upstream.SendMessageAsync(message);
        return true;
    }

    /// <summary>
    /// The upstream gave up on a request it sent (notifications/cancelled): the client is told under the gateway's id and
    /// a late answer is no longer expected. False when no such request waits here.
    /// </summary>
    public bool CancelServerRequest(RequestId originalId, ITransport upstream, string? reason)
    {
        foreach (var (id, pending) in _pending)
        {
            if (ReferenceEquals(pending.Upstream, upstream) && pending.OriginalId.Equals(originalId) && _pending.TryRemove(id, out _))
            {
                var parameters = new JsonObject { ["requestId"] = id };
                if (reason is not null)
                {
                    parameters["reason"] = reason;
                }
                CurrentStream?.Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = NotificationMethods.CancelledNotification, ["params"] = parameters });
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether a response id names a request relayed by a gateway process (this one or another).</summary>
    public static bool IsRelayedId(JsonObject response)
        => response["id"] is JsonValue value && value.TryGetValue<string>(out var id) && id.StartsWith(RelayIdMarker, StringComparison.Ordinal);

    /// <summary>
    /// While relayed requests wait here, looks in the store for answers the client sent to another gateway process
    /// (a serverless platform routes each POST anywhere); stops when none is pending.
    /// </summary>
    private void WatchForAnswersElsewhere()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 0)
        {
            _ = PollAnswersAsync();
        }
    }

    private async Task PollAnswersAsync()
    {
        try
        {
            while (!_pending.IsEmpty && !_ended.IsCancellationRequested)
            {
                await Task.Delay(answerPollInterval, time, _ended.Token).ConfigureAwait(false);
                foreach (var (id, pending) in _pending)
                {
                    if (pending.Upstream.MessageReader.Completion.IsCompleted)
                    {
                        _pending.TryRemove(id, out _); // the upstream session that asked is gone: nobody waits for the answer
                        continue;
                    }
                    try
                    {
                        if (await store.TakeAnswerAsync(Id, id, _ended.Token).ConfigureAwait(false) is { } text
                            && JsonNode.Parse(text) is JsonObject answer)
                        {
                            CompleteServerRequest(answer);
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A store hiccup: the answer stays there for the next round.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
        if (!_pending.IsEmpty && !_ended.IsCancellationRequested)
        {
            WatchForAnswersElsewhere(); // a request was relayed just as the loop stopped
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ended.IsCancellationRequested)
        {
            return;
        }
        await _ended.CancelAsync().ConfigureAwait(false);
        foreach (var cancellation in _requests.Values)
        {
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        lock (_gate)
        {
            _getStream?.Close();
        }
        foreach (var connection in _dedicated.Values)
        {
            try
            {
                await (await connection.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                // Never connected, or already gone.
            }
        }
        _dedicated.Clear();
    }
}
