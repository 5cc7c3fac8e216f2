using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Security;

/// <summary>
/// The external provider's issuer and signing keys: <c>{authority}/.well-known/openid-configuration</c> gives the issuer and
/// <c>jwks_uri</c>; the key set is cached and re-read when a token names an unknown <c>kid</c> (at most once per
/// <c>KeyRefreshMinimumSeconds</c>) or after <c>KeyLifetimeHours</c>.
/// </summary>
public sealed class OidcSigningKeys(IOptions<AuthOptions> options, TimeProvider time, ILogger<OidcSigningKeys> logger) : IDisposable
{
    private readonly EntraOptions _entra = options.Value.Entra;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    public sealed record Snapshot(string Issuer, IReadOnlyList<SecurityKey> Keys, long LoadedAt);

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken)
        => _snapshot is { } current && time.GetElapsedTime(current.LoadedAt) < TimeSpan.FromHours(_entra.KeyLifetimeHours)
            ? current
            : await RefreshAsync(null, cancellationToken).ConfigureAwait(false);

    /// <summary>Re-reads the keys because <paramref name="seen"/> lacked a key; returns the newer snapshot, or the same one when refreshed too recently.</summary>
    public async Task<Snapshot> RefreshAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _snapshot;
            if (current is not null && seen is not null && (current != seen
                || time.GetElapsedTime(current.LoadedAt) < TimeSpan.FromSeconds(_entra.KeyRefreshMinimumSeconds)))
            {
                return current;
            }
            var authority = _entra.Authority!.TrimEnd('/');
            var configuration = await GetJsonAsync(authority + "/.well-known/openid-configuration", cancellationToken).ConfigureAwait(false);
            var issuer = configuration["issuer"]?.GetValue<string>() ?? throw new InvalidOperationException("The OpenID configuration has no 'issuer'.");
            var jwksUri = configuration["jwks_uri"]?.GetValue<string>() ?? throw new InvalidOperationException("The OpenID configuration has no 'jwks_uri'.");
            using var response = await _http.GetAsync(jwksUri, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var keys = new JsonWebKeySet(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).GetSigningKeys();
            logger.LogInformation("Loaded {Count} signing keys of the external identity provider.", keys.Count);
            return _snapshot = new Snapshot(issuer, keys.ToList(), time.GetTimestamp());
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<JsonObject> GetJsonAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))?.AsObject()
               ?? throw new InvalidOperationException("The OpenID configuration is not a JSON object.");
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
