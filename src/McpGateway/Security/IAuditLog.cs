namespace McpGateway.Security;

/// <summary>The durable audit log. Implementations: SQLite and Azure Table Storage; every one passes the same contract suite.</summary>
public interface IAuditLog
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends entries (ids are unique; an existing id is ignored).</summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Entries matching every given filter, newest first, at most <see cref="AuditQuery.Limit"/>.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
