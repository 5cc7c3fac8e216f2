using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using McpGateway.Mcp;

namespace McpGateway.Storage.Azure;

/// <summary>
/// MCP front-door sessions on Azure Table Storage, shared by every gateway process on the same account and table, so any
/// process serves any session and a DELETE through one holds for all. Layout: <see cref="SessionRows"/>. Touches merge only
/// the seen time and the dedicated flag with If-Match on the row just read (the time only moves forward, the flag only turns
/// on, and a deleted session is never recreated); the reaper deletes with If-Match too, so a session touched meanwhile stays.
/// </summary>
public sealed class TableMcpSessionStore(TableClient table) : IMcpSessionStore
{
    private const int MaxTouchAttempts = 10;
    private static readonly string[] MutableColumns = [SessionRows.LastSeenAt, SessionRows.Dedicated];
    private static readonly string[] IdleColumns = ["PartitionKey", "RowKey", SessionRows.LastSeenAt, SessionRows.ChunkSet, SessionRows.Chunks];

    public string TableName => table.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
        => await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    public async Task CreateAsync(McpSessionRecord session, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(session.Id, nameof(session));
        var json = session.ToJson().ToJsonString();
        var row = new TableEntity(session.Id, SessionRows.SessionRow)
        {
            [SessionRows.CreatedAt] = session.CreatedAt,
            [SessionRows.LastSeenAt] = session.LastSeenAt,
            [SessionRows.Dedicated] = session.Dedicated,
        };
        if (TableChunks.FitsInline(json))
        {
            row[SessionRows.Json] = json;
        }
        else
        {
            // Written whole before the row that refers to it, and never changed (the record's JSON is immutable).
            var set = TableChunks.NewSet();
            row[SessionRows.ChunkSet] = set;
            row[SessionRows.Chunks] = await TableChunks.WriteAsync(table, session.Id, set, json, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new InvalidOperationException($"Session '{session.Id}' already exists.", e);
        }
    }

    public async Task<McpSessionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!SessionRows.IsStorable(id))
        {
            return null;
        }
        var found = await table.GetEntityIfExistsAsync<TableEntity>(id, SessionRows.SessionRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }
        var row = found.Value!;
        var text = row.GetString(SessionRows.Json);
        if (text is null && row.GetString(SessionRows.ChunkSet) is { } set)
        {
            text = await TableChunks.ReadAsync(table, id, set, row.GetInt32(SessionRows.Chunks) ?? 0, cancellationToken).ConfigureAwait(false);
            if (text is null)
            {
                return null; // the chunks are gone: the session was deleted while it was read
            }
        }
        var json = (text is null ? null : JsonNode.Parse(text) as JsonObject) ?? [];
        if (row.GetBoolean(SessionRows.Dedicated) == true)
        {
            json["dedicated"] = true;
        }
        return McpSessionRecord.FromJson(id, json, row.GetDateTimeOffset(SessionRows.CreatedAt) ?? default, row.GetDateTimeOffset(SessionRows.LastSeenAt) ?? default);
    }

    public async Task TouchAsync(string id, DateTimeOffset seenAt, bool dedicated, CancellationToken cancellationToken = default)
    {
        if (!SessionRows.IsStorable(id))
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(id, SessionRows.SessionRow, MutableColumns, cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                return;
            }
            var row = current.Value!;
            var lastSeen = row.GetDateTimeOffset(SessionRows.LastSeenAt) ?? default;
            var wasDedicated = row.GetBoolean(SessionRows.Dedicated) == true;
            if (seenAt <= lastSeen && (!dedicated || wasDedicated))
            {
                return; // nothing would move forward
            }
            var change = new TableEntity(id, SessionRows.SessionRow)
            {
                [SessionRows.LastSeenAt] = seenAt > lastSeen ? seenAt : lastSeen,
                [SessionRows.Dedicated] = dedicated || wasDedicated,
            };
            try
            {
                await table.UpdateEntityAsync(change, row.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxTouchAttempts)
            {
            }
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!SessionRows.IsStorable(id))
        {
            return false;
        }
        var found = await table.GetEntityIfExistsAsync<TableEntity>(id, SessionRows.SessionRow, IdleColumns, cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return false;
        }
        var response = await table.DeleteEntityAsync(id, SessionRows.SessionRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        await DeleteChunksAsync(found.Value!, cancellationToken).ConfigureAwait(false);
        await DeleteAnswersAsync(id, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task PostAnswerAsync(string sessionId, string requestId, string message, CancellationToken cancellationToken = default)
    {
        var rowKey = SessionRows.AnswerPrefix + requestId;
        if (!SessionRows.IsStorable(sessionId) || !SessionRows.IsStorable(rowKey)
            || !(await table.GetEntityIfExistsAsync<TableEntity>(sessionId, SessionRows.SessionRow, IdleColumns, cancellationToken).ConfigureAwait(false)).HasValue)
        {
            return;
        }
        var row = new TableEntity(sessionId, rowKey);
        if (TableChunks.FitsInline(message))
        {
            row[SessionRows.Message] = message;
        }
        else
        {
            var set = TableChunks.NewSet();
            row[SessionRows.ChunkSet] = set;
            row[SessionRows.Chunks] = await TableChunks.WriteAsync(table, sessionId, set, message, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            await DeleteChunksAsync(row, cancellationToken).ConfigureAwait(false);
            return; // the first answer counts
        }
        if (!(await table.GetEntityIfExistsAsync<TableEntity>(sessionId, SessionRows.SessionRow, IdleColumns, cancellationToken).ConfigureAwait(false)).HasValue)
        {
            await DeleteAnswersAsync(sessionId, cancellationToken).ConfigureAwait(false); // the session ended meanwhile
        }
    }

    public async Task<string?> TakeAnswerAsync(string sessionId, string requestId, CancellationToken cancellationToken = default)
    {
        var rowKey = SessionRows.AnswerPrefix + requestId;
        if (!SessionRows.IsStorable(sessionId) || !SessionRows.IsStorable(rowKey))
        {
            return null;
        }
        var found = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }
        var row = found.Value!;
        var text = row.GetString(SessionRows.Message);
        if (text is null && row.GetString(SessionRows.ChunkSet) is { } set)
        {
            text = await TableChunks.ReadAsync(table, sessionId, set, row.GetInt32(SessionRows.Chunks) ?? 0, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            // If-Match: of two takers, only the one whose delete succeeds has the answer.
            if ((await table.DeleteEntityAsync(sessionId, rowKey, row.ETag, cancellationToken).ConfigureAwait(false)).Status == 404)
            {
                return null;
            }
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
        await DeleteChunksAsync(row, cancellationToken).ConfigureAwait(false);
        return text;
    }

    private async Task DeleteAnswersAsync(string sessionId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {SessionRows.AnswerPrefix} and RowKey lt {SessionRows.AnswerEnd}");
        var answers = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: IdleColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            answers.Add(row);
        }
        foreach (var row in answers)
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            await DeleteChunksAsync(row, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<string>> DeleteIdleAsync(DateTimeOffset idleSince, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {SessionRows.SessionRow} and LastSeenAt lt {idleSince}");
        var idle = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: IdleColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            idle.Add(row);
        }
        var ended = new List<string>();
        foreach (var row in idle)
        {
            try
            {
                // If-Match: a session touched since the query (by any process) is no longer idle and stays.
                var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                if (response.Status == 404)
                {
                    continue;
                }
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                continue;
            }
            await DeleteChunksAsync(row, cancellationToken).ConfigureAwait(false);
            await DeleteAnswersAsync(row.PartitionKey, cancellationToken).ConfigureAwait(false);
            ended.Add(row.PartitionKey);
        }
        return ended;
    }

    private async Task DeleteChunksAsync(TableEntity row, CancellationToken cancellationToken)
    {
        if (row.GetString(SessionRows.ChunkSet) is { } set)
        {
            await TableChunks.DeleteAsync(table, row.PartitionKey, set, row.GetInt32(SessionRows.Chunks) ?? 0, cancellationToken).ConfigureAwait(false);
        }
    }
}
