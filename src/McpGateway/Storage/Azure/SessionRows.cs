using Azure.Data.Tables;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The sessions table's layout (see docs/storage.md): each session is its own partition (<c>{session id}</c>), so the
/// point read on every MCP request spreads over partitions. Row <c>session</c> holds <see cref="Json"/> (the record's
/// immutable part, as in the SQLite store) or a reference to its chunks (<see cref="TableChunks"/>, rows <c>chunk-…</c> in
/// the same partition, for client capabilities longer than one property), and the mutable columns <see cref="LastSeenAt"/>
/// and <see cref="Dedicated"/>, which touches merge with If-Match.
/// </summary>
internal static class SessionRows
{
    public const string SessionRow = "session";

    /// <summary>Rows <c>answer-{request id}</c>: a client's answer to a relayed server-to-client request, until its waiter takes it.</summary>
    public const string AnswerPrefix = "answer-";

    /// <summary>The first row key after every answer row ('.' sorts right after '-').</summary>
    public const string AnswerEnd = "answer.";

    public const string Message = "Message";

    public const string Json = "Json";
    public const string ChunkSet = "ChunkSet";
    public const string Chunks = "Chunks";
    public const string CreatedAt = "CreatedAt";
    public const string LastSeenAt = "LastSeenAt";
    public const string Dedicated = "Dedicated";

    /// <summary>False for ids that cannot be a partition key (such a session cannot exist, so lookups find nothing).</summary>
    public static bool IsStorable(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }
        try
        {
            TableKeys.Validate(id, nameof(id));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
