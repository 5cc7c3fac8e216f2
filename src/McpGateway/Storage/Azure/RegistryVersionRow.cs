using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The registry's change counter (<c>_meta</c>/<c>version</c>). Bumped after every registry change with an ETag-guarded
/// replace; a 412 means another process bumped it first, so re-read and try again. No bump is ever lost.
/// </summary>
internal sealed class RegistryVersionRow(TableClient table)
{
    private const int MaxAttempts = 50;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(Row(0), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Another process (or an earlier start) created it.
        }
    }

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(RegistryRows.MetaPartition, RegistryRows.VersionRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var version = row.HasValue ? row.Value!.GetInt64(RegistryRows.Version) ?? 0 : 0;
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task BumpAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(RegistryRows.MetaPartition, RegistryRows.VersionRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!current.HasValue)
                {
                    await table.AddEntityAsync(Row(1), cancellationToken).ConfigureAwait(false);
                    return;
                }
                var next = (current.Value!.GetInt64(RegistryRows.Version) ?? 0) + 1;
                await table.UpdateEntityAsync(Row(next), current.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when ((e.Status == 412 || e.Status == 409 || e.Status == 404) && attempt < MaxAttempts)
            {
                // Lost the race: back off a little (with jitter, so racing processes spread out) and re-read.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * Math.Min(attempt, 10))), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static TableEntity Row(long version) => new(RegistryRows.MetaPartition, RegistryRows.VersionRow) { [RegistryRows.Version] = version };
}
