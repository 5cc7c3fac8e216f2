namespace McpGateway.Security;

/// <summary>One page of audit entries, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);
