namespace McpGateway.Security;

/// <summary>
/// One audit record. <see cref="Id"/> sorts by time (newest has the largest id), so stores page by id.
/// Values are sanitised by <see cref="AuditTrail"/> before they are stored.
/// </summary>
public sealed record AuditEntry
{
    public required string Id { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public string? Target { get; init; }
    /// <summary><c>success</c>, <c>failure</c> or <c>denied</c>.</summary>
    public required string Outcome { get; init; }
    public string? ClientAddress { get; init; }
    public string? Detail { get; init; }
}
