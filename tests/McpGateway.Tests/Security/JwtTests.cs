using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Tests.Security;

public sealed class JwtTests : IAsyncLifetime
{
    private const string Secret = "a-test-jwt-secret-of-more-than-32-bytes!";
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Auth:JwtSecret"] = Secret,
            ["McpGateway:Auth:BootstrapAdmin:Username"] = "root",
            ["McpGateway:Auth:BootstrapAdmin:Password"] = "bootstrap-password-123",
        });
        await _gateway.CreateUserAsync("dave");
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private static string Token(string subject = "dave", string audience = "mcp-gateway", string issuer = "mcp-gateway",
        DateTime? expires = null, string secret = Secret)
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = DateTime.UtcNow.AddHours(-2),
            NotBefore = DateTime.UtcNow.AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });

    private async Task<HttpStatusCode> MeAsync(string token)
    {
        using var client = _gateway.CreateBearerClient(token);
        return (await client.GetAsync("/auth/me")).StatusCode;
    }

    [Fact]
    public async Task Login_returns_a_bearer_token_that_identifies_the_user()
    {
        using var anonymous = _gateway.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "DAVE", ["password"] = AuthHelpers.Password });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.InRange(body["expires_in"]!.GetValue<int>(), 3500, 3600);
        using var client = _gateway.CreateBearerClient(body["access_token"]!.GetValue<string>());
        var me = (await client.GetFromJsonAsync<JsonObject>("/auth/me"))!;
        Assert.Equal("dave", me["name"]!.GetValue<string>());
        Assert.Equal("user", me["role"]!.GetValue<string>());
        Assert.Equal("user", me["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bootstrap_admin_from_configuration_can_log_in_and_manage()
    {
        using var root = _gateway.CreateBearerClient(await _gateway.LoginAsync("root", "bootstrap-password-123"));
        Assert.Equal(HttpStatusCode.OK, (await root.GetAsync("/gateway/users")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_are_the_same_401()
    {
        using var anonymous = _gateway.CreateClient();
        var wrong = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "dave", ["password"] = "nope-nope-nope" });
        var unknown = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "nobody", ["password"] = "nope-nope-nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToJsonString(),
            (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToJsonString());
    }

    [Fact]
    public async Task A_valid_handmade_token_is_accepted_so_the_rejections_below_are_for_their_one_flaw()
        => Assert.Equal(HttpStatusCode.OK, await MeAsync(Token()));

    [Fact]
    public async Task An_expired_token_is_401()
        => Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(expires: DateTime.UtcNow.AddMinutes(-5))));

    [Fact]
    public async Task A_token_for_another_audience_is_401()
        => Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(audience: "someone-else")));

    [Fact]
    public async Task A_token_signed_with_another_secret_is_401()
        => Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(secret: "another-secret-that-is-also-32-bytes-long")));

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var token = await _gateway.LoginAsync("dave");
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = "admin";
        payload["sub"] = "root";
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(forged));
        // alg=none
        var none = $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(none));
    }

    [Fact]
    public async Task A_token_of_a_user_that_does_not_exist_is_401()
        => Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Token(subject: "ghost")));

    [Fact]
    public async Task Repeated_failed_logins_slow_down_then_recover()
    {
        await _gateway.CreateUserAsync("erin");
        using var anonymous = _gateway.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var failed = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "erin", ["password"] = "wrong-password-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        // The fourth attempt inside the delay is refused without checking the password, even when it is right.
        var throttled = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "erin", ["password"] = AuthHelpers.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var wait = throttled.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(wait.TotalSeconds, 1, 2);
        // Other users are not affected.
        Assert.Equal(HttpStatusCode.OK, await MeAsync(await _gateway.LoginAsync("dave")));

        await Task.Delay(wait + TimeSpan.FromMilliseconds(200));
        var recovered = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = "erin", ["password"] = AuthHelpers.Password });
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }
}
