using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// Keys and users as the request path reads them: from the store at most once per <c>KeyCacheSeconds</c> per entry.
/// That interval is the bound on how long another process may still accept a revoked key or a deleted user;
/// on this process revocation evicts at once.
/// </summary>
public sealed class PrincipalCache(IPrincipalStore store, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry<ApiKeyRecord>> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<GatewayUser>> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);

    public ValueTask<ApiKeyRecord?> GetKeyAsync(string id, CancellationToken cancellationToken)
        => GetAsync(_keys, id, store.FindKeyAsync, cancellationToken);

    public ValueTask<GatewayUser?> GetUserAsync(string username, CancellationToken cancellationToken)
        => GetAsync(_users, username, store.FindUserAsync, cancellationToken);

    public void EvictKey(string id) => _keys.TryRemove(id, out _);

    public void EvictUser(string username) => _users.TryRemove(username, out _);

    private async ValueTask<T?> GetAsync<T>(ConcurrentDictionary<string, Entry<T>> cache, string id,
        Func<string, CancellationToken, Task<T?>> load, CancellationToken cancellationToken) where T : class
    {
        var now = time.GetTimestamp();
        if (cache.TryGetValue(id, out var entry) && time.GetElapsedTime(entry.LoadedAt, now) < _lifetime)
        {
            return entry.Value;
        }
        var value = await load(id, cancellationToken).ConfigureAwait(false);
        if (_lifetime > TimeSpan.Zero)
        {
            if (cache.Count >= MaxEntries)
            {
                cache.Clear();
            }
            cache[id] = new Entry<T>(value, now);
        }
        return value;
    }

    private sealed record Entry<T>(T? Value, long LoadedAt);
}
