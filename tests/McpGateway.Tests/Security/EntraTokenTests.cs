using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Tests.Security;

/// <summary>
/// External (Entra-style) tokens: RS256 with a <c>kid</c>, validated (by JwtBearer) against the provider's JWKS found through
/// its openid-configuration; the gateway's own tokens and keys keep working beside them.
/// </summary>
public sealed class EntraTokenTests : IAsyncLifetime
{
    private FakeIdentityProvider _idp = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeIdentityProvider.StartAsync();
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Auth:Entra:Authority"] = _idp.Authority,
            ["McpGateway:Auth:Entra:Audiences:0"] = "api://gateway",
            ["McpGateway:Auth:Entra:Scopes:0"] = "api://gateway/mcp.call",
            ["McpGateway:Auth:Entra:KeyRefreshMinimumSeconds"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _idp.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string token, string path = "/auth/me")
    {
        using var client = _gateway.CreateBearerClient(token);
        return await client.GetAsync(path);
    }

    [Fact]
    public async Task A_provider_token_with_an_app_role_is_accepted_with_that_role()
    {
        var response = await GetAsync(_idp.Token(roles: ["Gateway.Admin"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("frank@contoso.test", me["name"]!.GetValue<string>());
        Assert.Equal("admin", me["role"]!.GetValue<string>());
        Assert.Equal("external", me["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_idp.Token(roles: ["Gateway.Admin"]), "/gateway/registry")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(_idp.Token(roles: ["Gateway.User"]), "/gateway/registry")).StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_known_role_is_authenticated_but_may_do_nothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_idp.Token())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(_idp.Token(roles: ["Other.Role"]), "/gateway/stats")).StatusCode);
    }

    [Fact]
    public async Task Wrong_audience_wrong_issuer_expired_and_unknown_signer_are_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(_idp.Token(audience: "api://other", roles: ["user"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(_idp.Token(issuer: "https://evil.example/v2.0", roles: ["user"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(_idp.Token(expires: DateTime.UtcNow.AddMinutes(-5), roles: ["user"]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(_idp.Token(roles: ["user"], key: FakeIdentityProvider.NewKey()))).StatusCode);
    }

    [Fact]
    public async Task Keys_are_cached_and_refreshed_when_a_token_names_an_unknown_kid()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_idp.Token(roles: ["user"]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_idp.Token(roles: ["user"]))).StatusCode);
        Assert.Equal(1, _idp.JwksRequests);

        _idp.RotateKey();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(_idp.Token(roles: ["user"]))).StatusCode);
        Assert.Equal(2, _idp.JwksRequests);
    }

    [Fact]
    public async Task Protected_resource_metadata_names_the_provider()
    {
        using var anonymous = _gateway.CreateClient();
        var metadata = (await anonymous.GetFromJsonAsync<JsonObject>("/.well-known/oauth-protected-resource"))!;
        Assert.Equal(_gateway.BaseAddress.ToString().TrimEnd('/') + "/mcp", metadata["resource"]!.GetValue<string>());
        Assert.Equal(_idp.Authority, metadata["authorization_servers"]![0]!.GetValue<string>());
        Assert.Equal("header", metadata["bearer_methods_supported"]![0]!.GetValue<string>());
        Assert.Equal("api://gateway/mcp.call", metadata["scopes_supported"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_gateways_own_token_api_keys_and_the_static_key_work_beside_the_provider()
    {
        await _gateway.CreateUserAsync("grace", role: "admin");
        var jwt = await _gateway.LoginAsync("grace");
        var (_, key) = await _gateway.CreateKeyAsync(new JsonObject { ["name"] = "beside", ["role"] = "user" });

        async Task<JsonObject> MeAsync(HttpClient client)
        {
            var response = await client.GetAsync("/auth/me");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }
        using (var byToken = _gateway.CreateBearerClient(jwt))
        {
            var me = await MeAsync(byToken);
            Assert.Equal("grace", me["name"]!.GetValue<string>());
            Assert.Equal("user", me["kind"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await byToken.GetAsync("/gateway/registry")).StatusCode);
        }
        using (var byKey = _gateway.CreateClient(key))
        {
            Assert.Equal("api_key", (await MeAsync(byKey))["kind"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Forbidden, (await byKey.GetAsync("/gateway/registry")).StatusCode);
        }
        using (var keyAsBearer = _gateway.CreateBearerClient(key))
        {
            Assert.Equal("api_key", (await MeAsync(keyAsBearer))["kind"]!.GetValue<string>());
        }
        Assert.Equal("static_key", (await MeAsync(_gateway.Client))["kind"]!.GetValue<string>());
        using (var provider = _gateway.CreateBearerClient(_idp.Token(roles: ["Gateway.User"])))
        {
            var me = await MeAsync(provider);
            Assert.Equal("external", me["kind"]!.GetValue<string>());
            Assert.Equal("external:frank@contoso.test", me["principal"]!.GetValue<string>());
            Assert.Equal("user", me["role"]!.GetValue<string>());
        }

        // A bad token of either issuer is still refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(jwt[..^4] + "AAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(_idp.Token(roles: ["user"])[..^4] + "AAAA")).StatusCode);
    }

    [Fact]
    public async Task Hmac_and_unsigned_tokens_in_the_providers_name_are_401()
    {
        JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
        SecurityTokenDescriptor Descriptor(SigningCredentials? credentials) => new()
        {
            Issuer = _idp.Issuer,
            Audience = "api://gateway",
            Expires = DateTime.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["preferred_username"] = "mallory", ["roles"] = new[] { "Gateway.Admin" } },
            SigningCredentials = credentials,
        };
        var hmac = handler.CreateToken(Descriptor(new SigningCredentials(
            new SymmetricSecurityKey(new byte[32]) { KeyId = "k" }, SecurityAlgorithms.HmacSha256)));
        var unsigned = handler.CreateToken(Descriptor(null));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(hmac)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(unsigned)).StatusCode);
    }

    [Fact]
    public async Task A_refused_provider_token_gets_the_gateways_401_without_details_and_is_audited()
    {
        var expired = _idp.Token(expires: DateTime.UtcNow.AddMinutes(-5), roles: ["user"]);
        var response = await GetAsync(expired, "/gateway/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("resource_metadata=\"", challenge);
        Assert.Contains("/.well-known/oauth-protected-resource\"", challenge);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.DoesNotContain("error_description", challenge);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("The token is invalid or expired.", problem["detail"]!.GetValue<string>());
        var body = problem.ToJsonString();
        Assert.DoesNotContain("IDX", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(_idp.Authority, body);

        // The MCP endpoint answers with a JSON-RPC error.
        using var client = _gateway.CreateBearerClient(expired);
        var rpc = await client.PostAsJsonAsync("/mcp", new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "tools/list" });
        Assert.Equal(HttpStatusCode.Unauthorized, rpc.StatusCode);
        Assert.Contains("error=\"invalid_token\"", rpc.Headers.WwwAuthenticate.ToString());
        var error = (await rpc.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        Assert.Equal(-32010, error["code"]!.GetValue<int>());
        Assert.DoesNotContain("IDX", error.ToJsonString());

        var denied = await _gateway.WaitForAuditAsync(AuditActions.RequestDenied, e => e["target"]!.GetValue<string>() == "GET /gateway/stats");
        Assert.Equal("denied", denied["outcome"]!.GetValue<string>());
        Assert.Equal("401: The token is invalid or expired.", denied["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_token_without_a_role_is_refused_with_the_gateways_403_and_audited()
    {
        var response = await GetAsync(_idp.Token(roles: ["Other.Role"]), "/gateway/registry");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The caller has no gateway role.", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>());
        var denied = await _gateway.WaitForAuditAsync(AuditActions.RequestDenied, e => e["target"]!.GetValue<string>() == "GET /gateway/registry");
        Assert.Equal("frank@contoso.test", denied["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_token_is_accepted_as_access_token_on_hub_paths_only()
    {
        using var anonymous = _gateway.CreateClient();
        var token = Uri.EscapeDataString(_idp.Token(roles: ["user"]));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/hubs/progress/negotiate?negotiateVersion=1", null)).StatusCode);
        var hub = await anonymous.PostAsync($"/hubs/progress/negotiate?negotiateVersion=1&access_token={token}", null);
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/auth/me?access_token={token}")).StatusCode);
    }
}

/// <summary>Unknown <c>kid</c>s refresh the provider's keys at most once per <c>KeyRefreshMinimumSeconds</c>: forged tokens cannot make the gateway hammer it.</summary>
public sealed class EntraKeyRefreshThrottleTests : IAsyncLifetime
{
    private FakeIdentityProvider _idp = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _idp = await FakeIdentityProvider.StartAsync();
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Auth:Entra:Authority"] = _idp.Authority,
            ["McpGateway:Auth:Entra:Audiences:0"] = "api://gateway",
            ["McpGateway:Auth:Entra:KeyRefreshMinimumSeconds"] = "300",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task Forged_kids_refresh_the_keys_at_most_once_per_interval()
    {
        using (var client = _gateway.CreateBearerClient(_idp.Token(roles: ["user"])))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        }
        Assert.Equal(1, _idp.JwksRequests);
        for (var i = 0; i < 10; i++)
        {
            using var forged = _gateway.CreateBearerClient(_idp.Token(roles: ["user"], key: FakeIdentityProvider.NewKey()));
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/auth/me")).StatusCode);
        }
        Assert.InRange(_idp.JwksRequests, 1, 2);
        using (var client = _gateway.CreateBearerClient(_idp.Token(roles: ["user"])))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        }
    }
}

/// <summary>A provider that cannot be reached: its tokens are 401 with our reason, never the library's (which names the metadata address).</summary>
public sealed class EntraProviderDownTests
{
    [Fact]
    public async Task Tokens_of_an_unreachable_provider_are_401_without_details()
    {
        var idp = await FakeIdentityProvider.StartAsync();
        var token = idp.Token(roles: ["Gateway.Admin"]);
        await idp.DisposeAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Auth:Entra:Authority"] = idp.Authority,
            ["McpGateway:Auth:Entra:Audiences:0"] = "api://gateway",
        });
        using var client = gateway.CreateBearerClient(token);
        var response = await client.GetAsync("/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("The token is invalid or expired.", body);
        Assert.DoesNotContain("IDX", body);
        Assert.DoesNotContain(idp.Authority, body);
        Assert.DoesNotContain("IDX", response.Headers.WwwAuthenticate.ToString());
        // The gateway's own credentials do not depend on the provider.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/auth/me")).StatusCode);
    }
}
