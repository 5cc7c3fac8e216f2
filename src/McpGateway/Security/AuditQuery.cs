namespace McpGateway.Security;

/// <summary>Filters for <see cref="IAuditLog.QueryAsync"/>; newest first; <see cref="Before"/> is the cursor of the next page (an entry id).</summary>
public sealed record AuditQuery(DateTimeOffset? Since = null, string? Actor = null, string? Action = null, int Limit = 100, string? Before = null);
