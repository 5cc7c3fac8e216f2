using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace McpGateway.Mcp;

/// <summary>
/// Sessions of the front door. The record lives in the shared store (so any process can serve any request of a session,
/// and DELETE or expiry seen by one process holds for all); this process keeps only what it opened for a session
/// (<see cref="McpSession"/>), rebuilt on demand.
/// </summary>
internal sealed class McpSessions(IMcpSessionStore store, TimeProvider time, IOptions<McpFrontDoorOptions> options, ILogger<McpSessions> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpSession> _local = new(StringComparer.Ordinal);

    private TimeSpan Idle => TimeSpan.FromSeconds(options.Value.SessionIdleSeconds);

    private TimeSpan AnswerPoll => TimeSpan.FromMilliseconds(options.Value.AnswerPollMilliseconds);

    private TimeSpan Revalidate => TimeSpan.FromMilliseconds(options.Value.SessionRevalidateMilliseconds);

    public int LocalCount => _local.Count;

    /// <param name="owner">The principal initializing the session; only it may use the session afterwards.</param>
    public async Task<McpSession> CreateAsync(string target, string protocolVersion, JsonObject? capabilities,
        JsonObject? clientInfo, bool dedicated, string? owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var record = new McpSessionRecord
        {
            Id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24)),
            Target = target,
            ProtocolVersion = protocolVersion,
            Owner = owner,
            ClientCapabilities = capabilities,
            ClientInfo = clientInfo,
            Dedicated = dedicated,
            CreatedAt = now,
            LastSeenAt = now,
        };
        await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        var session = new McpSession(record, time, store, AnswerPoll);
        _local[record.Id] = session;
        return session;
    }

    /// <summary>
    /// The live session with this id, or null when it never existed, was deleted or expired (anywhere). A session this
    /// process checked against the store less than <see cref="McpFrontDoorOptions.SessionRevalidateMilliseconds"/> ago is
    /// served without a store read; an end recorded by another process is therefore seen here within that window.
    /// </summary>
    public async Task<McpSession?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_local.TryGetValue(id, out var known) && !known.Ended.IsCancellationRequested && now - known.LastValidated < Revalidate)
        {
            await TouchAsync(known, now, cancellationToken).ConfigureAwait(false);
            return known;
        }
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || record.LastSeenAt < now - Idle)
        {
            if (record is not null)
            {
                await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            }
            await DisposeLocalAsync(id).ConfigureAwait(false);
            return null;
        }
        var session = _local.GetOrAdd(id, _ => new McpSession(record, time, store, AnswerPoll));
        if (record.Dedicated && !session.Record.Dedicated)
        {
            session.Record = record;
        }
        session.LastValidated = now;
        await TouchAsync(session, now, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Records activity in the store at most every twentieth of the idle timeout (the reaper's resolution).</summary>
    private async Task TouchAsync(McpSession session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - session.LastTouched > TimeSpan.FromTicks(Idle.Ticks / 20))
        {
            session.LastTouched = now;
            await store.TouchAsync(session.Id, now, session.Record.Dedicated, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Leaves a client's answer to a request another process relayed, for that process to take.</summary>
    public Task PostAnswerAsync(McpSession session, JsonObject answer, CancellationToken cancellationToken)
        => store.PostAnswerAsync(session.Id, answer["id"]!.GetValue<string>(), answer.ToJsonString(), cancellationToken);

    /// <summary>From now on the session uses upstream sessions of its own (logging, subscriptions); recorded for every process.</summary>
    public async Task MakeDedicatedAsync(McpSession session, CancellationToken cancellationToken)
    {
        if (session.Record.Dedicated)
        {
            return;
        }
        session.Record = session.Record with { Dedicated = true };
        await store.TouchAsync(session.Id, time.GetUtcNow(), dedicated: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> EndAsync(string id, CancellationToken cancellationToken)
    {
        var existed = await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        await DisposeLocalAsync(id).ConfigureAwait(false);
        return existed;
    }

    /// <summary>Ends sessions idle longer than the timeout, and frees this process's part of sessions ended elsewhere.</summary>
    public async Task ReapAsync(CancellationToken cancellationToken)
    {
        var expired = await store.DeleteIdleAsync(time.GetUtcNow() - Idle, cancellationToken).ConfigureAwait(false);
        foreach (var id in expired)
        {
            await DisposeLocalAsync(id).ConfigureAwait(false);
        }
        foreach (var id in _local.Keys)
        {
            if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
            {
                await DisposeLocalAsync(id).ConfigureAwait(false);
            }
        }
        if (expired.Count > 0)
        {
            logger.LogInformation("Ended {Count} idle MCP sessions.", expired.Count);
        }
    }

    private async Task DisposeLocalAsync(string id)
    {
        if (_local.TryRemove(id, out var session))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _local.Keys)
        {
            await DisposeLocalAsync(id).ConfigureAwait(false);
        }
    }
}
