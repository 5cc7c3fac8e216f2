using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Client;

public sealed partial class GatewayClient
{
    /// <summary>Exchanges a user name and password for a bearer token, and (by default) uses it from now on.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password (sent once, never stored by the client).</param>
    /// <param name="useToken">Set <see cref="Token"/> to the new token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GatewayException">401 wrong user name or password; 429 too many failed attempts.</exception>
    public async Task<LoginResult> LoginAsync(string username, string password, bool useToken = true, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["username"] = username, ["password"] = password };
        var result = await SendAsync<LoginResult>(HttpMethod.Post, "auth/login", body, idempotent: false, cancellationToken).ConfigureAwait(false);
        if (useToken)
        {
            Token = result.AccessToken;
        }
        return result;
    }

    /// <summary>Who the gateway takes the caller for.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<CallerInfo> GetCallerAsync(CancellationToken cancellationToken = default)
        => SendAsync<CallerInfo>(HttpMethod.Get, "auth/me", null, idempotent: true, cancellationToken);

    /// <summary>Creates a user (admin).</summary>
    /// <param name="username">1–64 of letters, digits and <c>._@-</c>.</param>
    /// <param name="password">At least 12 characters.</param>
    /// <param name="role"><c>admin</c> or <c>user</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<GatewayUser> CreateUserAsync(string username, string password, string role = "user", CancellationToken cancellationToken = default)
        => SendAsync<GatewayUser>(HttpMethod.Post, "gateway/users", new JsonObject { ["username"] = username, ["password"] = password, ["role"] = role },
            idempotent: false, cancellationToken);

    /// <summary>Lists users (admin).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<GatewayUser>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var body = await SendAsync<JsonObject>(HttpMethod.Get, "gateway/users", null, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body["users"]?.Deserialize<List<GatewayUser>>(ClientJson.Options) ?? [];
    }

    /// <summary>Deletes a user and revokes their keys (admin).</summary>
    /// <param name="username">The user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task DeleteUserAsync(string username, CancellationToken cancellationToken = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"gateway/users/{Escape(username)}", null, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates an API key; <see cref="ApiKeyInfo.Key"/> holds the key, shown this once only.</summary>
    /// <param name="request">Name, role, scopes and expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ApiKeyInfo> CreateApiKeyAsync(ApiKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ApiKeyInfo>(HttpMethod.Post, "gateway/keys", JsonSerializer.SerializeToNode(request, ClientJson.Options), idempotent: false, cancellationToken);
    }

    /// <summary>Lists API keys (admin: all; user: own); never the keys themselves.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        var body = await SendAsync<JsonObject>(HttpMethod.Get, "gateway/keys", null, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body["keys"]?.Deserialize<List<ApiKeyInfo>>(ClientJson.Options) ?? [];
    }

    /// <summary>Revokes an API key (admin: any; user: own).</summary>
    /// <param name="keyId">The key's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ApiKeyInfo> RevokeApiKeyAsync(string keyId, CancellationToken cancellationToken = default)
        => SendAsync<ApiKeyInfo>(HttpMethod.Delete, $"gateway/keys/{Escape(keyId)}", null, idempotent: true, cancellationToken);

    /// <summary>Reads the audit log, newest first (admin).</summary>
    /// <param name="query">Filters and paging; null: the latest entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AuditPage> GetAuditAsync(AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = "gateway/audit" + Query(("since", query?.Since?.ToString("O", CultureInfo.InvariantCulture)), ("actor", query?.Actor),
            ("action", query?.Action), ("limit", query?.Limit?.ToString(CultureInfo.InvariantCulture)), ("cursor", query?.Cursor));
        return SendAsync<AuditPage>(HttpMethod.Get, path, null, idempotent: true, cancellationToken);
    }
}
