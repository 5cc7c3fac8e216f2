using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Tests.Security;

/// <summary>
/// An Entra-like OpenID provider on loopback: <c>/.well-known/openid-configuration</c> and a JWKS with the current RSA key,
/// and RS256 tokens signed with it (<c>kid</c> in the header). <see cref="RotateKey"/> replaces the key.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private RsaSecurityKey _key = NewKey();

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public string Authority { get; private set; } = "";
    public string Issuer => Authority;
    public int JwksRequests;

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeIdentityProvider(app);
        app.MapGet("/tenant/v2.0/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = provider.Issuer,
            ["jwks_uri"] = provider.Authority + "/discovery/keys",
        }));
        app.MapGet("/tenant/v2.0/discovery/keys", () =>
        {
            Interlocked.Increment(ref provider.JwksRequests);
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._key.Rsa.ExportParameters(false)) { KeyId = provider._key.KeyId });
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E,
                }),
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = address.TrimEnd('/') + "/tenant/v2.0";
        return provider;
    }

    public void RotateKey() => _key = NewKey();

    public string Token(string audience = "api://gateway", string[]? roles = null, string? issuer = null, DateTime? expires = null,
        RsaSecurityKey? key = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = "entra-subject", ["preferred_username"] = "frank@contoso.test", ["oid"] = Guid.NewGuid().ToString() };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = DateTime.UtcNow.AddMinutes(-10),
            NotBefore = DateTime.UtcNow.AddMinutes(-10),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(30),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..16] };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
