namespace McpGateway.Security;

/// <summary>Drains <see cref="AuditTrail"/> into the <see cref="IAuditLog"/> in batches; on shutdown writes what is left.</summary>
internal sealed class AuditWriter(AuditTrail trail, IAuditLog log, ILogger<AuditWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = trail.Reader;
        var batch = new List<AuditEntry>(100);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await DrainAsync(batch, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DrainAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        var reader = trail.Reader;
        while (true)
        {
            batch.Clear();
            while (batch.Count < 100 && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await log.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Writing {Count} audit entries failed; they are lost.", batch.Count);
            }
        }
    }
}
