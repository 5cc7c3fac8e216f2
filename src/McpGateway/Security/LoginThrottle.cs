using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// Slows down password guessing: after <c>LoginFreeAttempts</c> failures for a user name (or <c>LoginFreeAttemptsPerAddress</c>
/// from one client address) each further attempt must wait 1, 2, 4 ... s (up to <c>LoginMaxDelaySeconds</c>) after the
/// last failure; until then login answers 429 without checking the password. Per process, in memory; a success clears the user.
/// Not ASP.NET Core's rate limiter: that admits or rejects a request before it runs, while this counts only failures (known
/// after the password check), waits longer after each, keys on a name from the body, and is cleared by a success.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private const int MaxEntries = 50_000;
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);
    private readonly AuthOptions _options = options.Value;

    /// <summary>How long the caller must still wait, or null.</summary>
    public TimeSpan? RetryAfter(string username, string? address)
    {
        var now = time.GetUtcNow();
        var wait = Wait(UserKey(username), _options.LoginFreeAttempts, now);
        if (address is not null && Wait(AddressKey(address), _options.LoginFreeAttemptsPerAddress, now) is { } addressWait)
        {
            wait = wait is null || addressWait > wait ? addressWait : wait;
        }
        return wait;
    }

    public void Failed(string username, string? address)
    {
        if (_states.Count >= MaxEntries)
        {
            _states.Clear();
        }
        var now = time.GetUtcNow();
        Bump(UserKey(username), now);
        if (address is not null)
        {
            Bump(AddressKey(address), now);
        }
    }

    public void Succeeded(string username) => _states.TryRemove(UserKey(username), out _);

    private TimeSpan? Wait(string key, int free, DateTimeOffset now)
    {
        if (!_states.TryGetValue(key, out var state) || state.Failures < free || now - state.LastFailure > Forget)
        {
            return null;
        }
        var exponent = Math.Min(state.Failures - free, 16);
        var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, exponent), _options.LoginMaxDelaySeconds));
        var until = state.LastFailure + delay;
        return until > now ? until - now : null;
    }

    private void Bump(string key, DateTimeOffset now)
        => _states.AddOrUpdate(key, _ => new State(1, now),
            (_, s) => now - s.LastFailure > Forget ? new State(1, now) : new State(s.Failures + 1, now));

    private static string UserKey(string username) => "u:" + username.ToLowerInvariant();
    private static string AddressKey(string address) => "a:" + address;

    private sealed record State(int Failures, DateTimeOffset LastFailure);
}
