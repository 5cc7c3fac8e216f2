namespace McpGateway.Jobs;

/// <summary>Durable job and batch records. SQLite standalone, Azure Tables in the cloud; one contract test suite.</summary>
public interface IJobStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a new job (version 1).</summary>
    Task CreateAsync(JobRecord job, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the job if its stored version equals <c>job.Version</c>; returns the stored record (version + 1) or null on a version conflict.</summary>
    Task<JobRecord?> TryUpdateAsync(JobRecord job, CancellationToken cancellationToken = default);

    /// <summary>Newest first, filtered; <see cref="JobPage.ContinuationToken"/> pages on.</summary>
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default);

    Task CreateBatchAsync(BatchRecord batch, CancellationToken cancellationToken = default);

    Task<BatchRecord?> GetBatchAsync(string id, CancellationToken cancellationToken = default);
}

public sealed record JobQuery(string? Status = null, string? Template = null, string? BatchId = null, string? Owner = null,
    int Limit = 50, string? ContinuationToken = null);

public sealed record JobPage(IReadOnlyList<JobRecord> Jobs, string? ContinuationToken);
