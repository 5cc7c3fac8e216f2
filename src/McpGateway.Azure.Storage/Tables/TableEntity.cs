using System.Collections;
using Azure;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// A table entity: a dictionary of property name → value plus the system properties.
/// Supported value types (and their EDM types): <see cref="string"/> (Edm.String), <see cref="bool"/> (Edm.Boolean),
/// <see cref="int"/> (Edm.Int32), <see cref="long"/> (Edm.Int64, sent as a string), <see cref="double"/> (Edm.Double),
/// <see cref="DateTime"/>/<see cref="DateTimeOffset"/> (Edm.DateTime, UTC), <see cref="Guid"/> (Edm.Guid),
/// <see cref="byte"/>[]/<see cref="BinaryData"/> (Edm.Binary, base64).
/// Entities read from the service hold <see cref="DateTimeOffset"/> (UTC) for dates and <see cref="byte"/>[] for binary;
/// use the typed getters to read them in the form you want. A null value means "absent" and is not sent.
/// </summary>
public sealed class TableEntity : IDictionary<string, object>
{
    public const string PartitionKeyName = "PartitionKey";
    public const string RowKeyName = "RowKey";

    private readonly Dictionary<string, object> _properties = new(StringComparer.Ordinal);

    public TableEntity()
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public TableEntity(IEnumerable<KeyValuePair<string, object>> properties)
    {
        foreach ((string key, object value) in properties)
        {
            this[key] = value;
        }
    }

    public string PartitionKey
    {
        get => GetString(PartitionKeyName) ?? string.Empty;
        set => _properties[PartitionKeyName] = value;
    }

    public string RowKey
    {
        get => GetString(RowKeyName) ?? string.Empty;
        set => _properties[RowKeyName] = value;
    }

    /// <summary>Server-managed last-modified time; ignored on writes.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The entity's ETag as last read or written; use it for conditional update/delete.</summary>
    public ETag ETag { get; set; }

    public object this[string key]
    {
        get => _properties[key];
        set => _properties[key] = value;
    }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object>>.IsReadOnly => false;

    public string? GetString(string key) => TryGet(key) as string;

    public bool? GetBoolean(string key) => TryGet(key) is bool b ? b : null;

    public int? GetInt32(string key) => TryGet(key) switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        _ => null,
    };

    public long? GetInt64(string key) => TryGet(key) switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    public double? GetDouble(string key) => TryGet(key) switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => null,
    };

    public Guid? GetGuid(string key) => TryGet(key) is Guid g ? g : null;

    public byte[]? GetBinary(string key) => TryGet(key) switch
    {
        byte[] bytes => bytes,
        BinaryData data => data.ToArray(),
        _ => null,
    };

    public DateTimeOffset? GetDateTimeOffset(string key) => TryGet(key) switch
    {
        DateTimeOffset dto => dto,
        DateTime dt => new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime()),
        _ => null,
    };

    /// <summary>The value as a UTC <see cref="DateTime"/>.</summary>
    public DateTime? GetDateTime(string key) => GetDateTimeOffset(key)?.UtcDateTime;

    public void Add(string key, object value) => _properties.Add(key, value);

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value) =>
        _properties.TryGetValue(key, out value);

    public void Clear() => _properties.Clear();

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object>>.Add(KeyValuePair<string, object> item) => _properties.Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object>>.Contains(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object>>.CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object>>.Remove(KeyValuePair<string, object> item) =>
        ((ICollection<KeyValuePair<string, object>>)_properties).Remove(item);

    private object? TryGet(string key) => _properties.TryGetValue(key, out object? value) ? value : null;
}
