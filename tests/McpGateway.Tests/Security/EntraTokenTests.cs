using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>External (Entra-style) tokens: RS256 with a <c>kid</c>, validated against the provider's JWKS found through its openid-configuration.</summary>
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
}
