using Azure;
using Azure.Data.Tables;
using McpGateway.Registry;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The registry on Azure Table Storage, shared by every gateway process that uses the same account and table.
/// Layout: <see cref="RegistryRows"/>. Registry changes write their rows first (one entity-group transaction per template
/// partition), then bump the version row (<see cref="RegistryVersionRow"/>), so a reader that sees the new version also
/// sees the change. Health is a separate property merged with If-Match: it never overwrites a definition and never
/// resurrects a removed instance. Keys are checked by <see cref="TableKeys"/>; nothing is put into a query string by hand.
/// </summary>
public sealed class TableRegistryStore : IRegistryStore
{
    private const int MaxHealthAttempts = 10;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly RegistryVersionRow _version;
    private long _lastSequence;

    public TableRegistryStore(TableClient table, TimeProvider time)
    {
        _table = table;
        _time = time;
        _version = new RegistryVersionRow(table);
    }

    public string TableName => _table.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _version.EnsureAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TemplateRecord>> LoadAsync(CancellationToken cancellationToken = default)
    {
        // The query follows continuation tokens, so registries past one page (1,000 rows) load fully.
        var settings = new SortedDictionary<string, LoadBalancerSettings>(StringComparer.Ordinal);
        var instances = new Dictionary<string, List<(long Sequence, InstanceRecord Record)>>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.PartitionKey == RegistryRows.MetaPartition)
            {
                continue;
            }
            if (row.RowKey == RegistryRows.TemplateRow)
            {
                settings[row.PartitionKey] = RegistryRows.ReadSettings(row);
            }
            else if (row.RowKey.StartsWith(RegistryRows.InstancePrefix, StringComparison.Ordinal))
            {
                settings.TryAdd(row.PartitionKey, new LoadBalancerSettings());
                var list = instances.TryGetValue(row.PartitionKey, out var found) ? found : instances[row.PartitionKey] = [];
                list.Add((row.GetInt64(RegistryRows.Sequence) ?? 0, RegistryRows.ReadInstance(row)));
            }
        }
        return settings.Select(t => new TemplateRecord(t.Key, t.Value, instances.TryGetValue(t.Key, out var list)
                ? list.OrderBy(i => i.Sequence).ThenBy(i => i.Record.Definition.Id, StringComparer.Ordinal).Select(i => i.Record).ToList()
                : []))
            .ToList();
    }

    public async Task UpsertTemplateAsync(string name, LoadBalancerSettings settings, CancellationToken cancellationToken = default)
    {
        RequireTemplate(name);
        await _table.UpsertEntityAsync(RegistryRows.Template(name, settings), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddInstanceAsync(InstanceDefinition instance, CancellationToken cancellationToken = default)
    {
        RequireTemplate(instance.Template);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpsertMerge, RegistryRows.TemplateMarker(instance.Template)),
            new(TableTransactionActionType.Add, RegistryRows.NewInstance(instance, NextSequence())),
        ];
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw new RegistryConflictException($"Instance '{instance.Id}' is already registered for template '{instance.Template}'.");
        }
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PutInstanceAsync(InstanceDefinition instance, CancellationToken cancellationToken = default)
    {
        RequireTemplate(instance.Template);
        try
        {
            // If-Match: * merges into the row only if it exists: health and registration order stay as they are.
            await _table.UpdateEntityAsync(RegistryRows.DefinitionOnly(instance), ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            try
            {
                await AddInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
            }
            catch (RegistryConflictException)
            {
                // Added by another writer between the two calls: merge into that row.
                await _table.UpdateEntityAsync(RegistryRows.DefinitionOnly(instance), ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
            return; // AddInstanceAsync bumped the version
        }
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveInstanceAsync(string template, string instanceId, CancellationToken cancellationToken = default)
    {
        if (!RegistryRows.IsStorable(template, instanceId))
        {
            return false;
        }
        var response = await _table.DeleteEntityAsync(template, RegistryRows.InstanceKey(instanceId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return false;
        }
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task UpdateHealthAsync(string template, string instanceId, InstanceHealth health, CancellationToken cancellationToken = default)
    {
        if (!RegistryRows.IsStorable(template, instanceId))
        {
            return;
        }
        var rowKey = RegistryRows.InstanceKey(instanceId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(template, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                return;
            }
            try
            {
                // If-Match on the row just read: a removed row answers 404 (not recreated), a changed one 412 (read again).
                await _table.UpdateEntityAsync(RegistryRows.HealthOnly(template, instanceId, health), current.Value!.ETag, TableUpdateMode.Merge, cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxHealthAttempts)
            {
            }
        }
    }

    public Task<string> GetVersionAsync(CancellationToken cancellationToken = default) => _version.GetAsync(cancellationToken);

    /// <summary>Registration order: UTC ticks at registration, strictly increasing within this process.</summary>
    private long NextSequence()
    {
        var now = _time.GetUtcNow().UtcTicks;
        while (true)
        {
            var last = Interlocked.Read(ref _lastSequence);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _lastSequence, next, last) == last)
            {
                return next;
            }
        }
    }

    private static void RequireTemplate(string template)
    {
        TableKeys.Validate(template, nameof(template));
        if (template == RegistryRows.MetaPartition)
        {
            throw new ArgumentException($"'{RegistryRows.MetaPartition}' is reserved for the registry's own rows.", nameof(template));
        }
    }
}
